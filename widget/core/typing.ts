// Live typing preview: the helpdesk sees the visitor's draft as it is typed, masked first, at most
// one frame per interval (latest draft wins) and "" when the visitor stops or sends.
import type { WidgetConfig } from './config.js';

type PreviewConfig = NonNullable<WidgetConfig['typingPreview']>;

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/g;
// Card-like digit runs are masked whatever the site says: they never belong in a preview.
const CARD = /\b\d(?:[ -]?\d){11,18}\b/g;
const MASK = '•••';

/** The draft as the helpdesk may see it. */
export function maskDraft(text: string, cfg: PreviewConfig | undefined): string {
  let out = text.replace(CARD, MASK);
  if (cfg?.maskEmails) out = out.replace(EMAIL, MASK);
  for (const p of cfg?.sensitivePatterns ?? []) {
    try {
      out = out.replace(new RegExp(p, 'gi'), MASK);
    } catch {
      // A bad pattern in site config must not break typing; the others still apply.
    }
  }
  return out;
}

/** Throttles drafts to one `send` per interval, trailing edge included. */
export class TypingReporter {
  private last = '';
  private pending: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (text: string) => void,
    private readonly intervalMs = 500,
    private readonly idleMs = 5000,
  ) {}

  /** Reports a new (already masked) draft. */
  update(draft: string): void {
    clearTimeout(this.idle);
    if (!draft.trim()) return this.stop();
    // A visitor who stops typing without clearing has still stopped, as far as the agent can tell.
    this.idle = setTimeout(() => this.stop(), this.idleMs);
    if (this.timer) {
      this.pending = draft;
      return;
    }
    this.emit(draft);
  }

  /** Reports that the visitor stopped (sent, cleared or left). */
  stop(): void {
    clearTimeout(this.timer);
    clearTimeout(this.idle);
    this.timer = undefined;
    this.pending = null;
    if (this.last !== '') {
      this.last = '';
      this.send('');
    }
  }

  private emit(draft: string): void {
    if (draft !== this.last) {
      this.last = draft;
      this.send(draft);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const next = this.pending;
      this.pending = null;
      if (next !== null) this.emit(next);
    }, this.intervalMs);
  }
}
