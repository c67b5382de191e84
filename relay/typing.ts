// Live typing previews: masked, then coalesced per visitor so a fast typist costs the helpdesk at
// most one request per interval. Latest draft wins, at most one in flight, never retried, and on a
// path of its own so it can never hold back a chat message.
import { compilePatterns, maskDraft } from '../protocol/mask.js';
import type { TypingPreviewConfig } from './config.js';

/** The longest preview an agent sees: the end of the draft, where the visitor is typing. */
export const PREVIEW_MAX = 500;

/** Masks a draft with the rule the widget uses too (cards, plus emails / site patterns when configured), then keeps its last PREVIEW_MAX characters. */
export function maskPreview(text: string, cfg: Pick<TypingPreviewConfig, 'maskEmails'>, patterns: RegExp[] = []): string {
  // Masked first: a cut could otherwise split a card number and leave half of it readable.
  return maskDraft(text, { maskEmails: cfg.maskEmails, patterns }).slice(-PREVIEW_MAX);
}

/** Compiles a site's sensitivePatterns once (config validation already refused invalid ones). */
export function sitePatterns(cfg: Pick<TypingPreviewConfig, 'sensitivePatterns'>): RegExp[] {
  return compilePatterns(cfg.sensitivePatterns);
}

interface Slot {
  latest: string | undefined;
  lastSent: string | undefined;
  inFlight: boolean;
  lastSentAt: number;
  timer: NodeJS.Timeout | null;
  send: (preview: string) => Promise<unknown>;
}

/** Per-key coalescer: `update` as often as frames arrive; a send runs at most once per interval. */
export class TypingCoalescer {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly intervalMs: number) {}

  /** Records the newest draft for key and schedules `send` (the latest one given wins) if none is pending. */
  update(key: string, preview: string, send: (preview: string) => Promise<unknown>): void {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { latest: undefined, lastSent: undefined, inFlight: false, lastSentAt: 0, timer: null, send };
      this.slots.set(key, slot);
    }
    slot.latest = preview;
    slot.send = send;
    this.schedule(key, slot);
  }

  /** Forgets key (visitor gone): a pending draft is dropped, an in-flight one finishes alone. */
  forget(key: string): void {
    const slot = this.slots.get(key);
    if (slot?.timer) clearTimeout(slot.timer);
    this.slots.delete(key);
  }

  /** Stops every timer (shutdown). */
  clear(): void {
    for (const key of [...this.slots.keys()]) this.forget(key);
  }

  private schedule(key: string, slot: Slot): void {
    if (slot.inFlight || slot.timer) return;
    const wait = Math.max(0, slot.lastSentAt + this.intervalMs - Date.now());
    slot.timer = setTimeout(() => this.flush(key, slot), wait);
  }

  private flush(key: string, slot: Slot): void {
    slot.timer = null;
    const preview = slot.latest;
    slot.latest = undefined;
    if (preview === undefined || preview === slot.lastSent || this.slots.get(key) !== slot) return;
    slot.inFlight = true;
    slot.lastSent = preview;
    slot.lastSentAt = Date.now();
    const finish = () => {
      // The interval counts from the answer, not the request: a slow helpdesk gets previews slower.
      slot.lastSentAt = Date.now();
      slot.inFlight = false;
      if (slot.latest !== undefined && this.slots.get(key) === slot) this.schedule(key, slot);
    };
    try {
      slot.send(preview).then(finish, finish);
    } catch {
      finish();
    }
  }
}
