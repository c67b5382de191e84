// Live typing preview: turns every keystroke into at most one `typing` frame per interval (leading
// and trailing edge), masked and capped, sending only drafts that changed.
import { maskDraft, type MaskOptions } from '../../protocol/mask.js';

export interface TypingPreviewOptions extends MaskOptions {
  /** Sends one `typing` frame's text. */
  send: (text: string) => void;
  /** Least time between two frames, in ms. */
  intervalMs?: number;
  /** Longest preview sent; the tail is kept because that is what the visitor is writing now. */
  maxLength?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

const defaults = { intervalMs: 250, maxLength: 500 };

export class TypingPreview {
  private o: Required<Pick<TypingPreviewOptions, 'intervalMs' | 'maxLength'>> & TypingPreviewOptions;
  private sent = '';
  private lastAt = -Infinity;
  private pending: string | null = null;
  private timer: unknown = null;

  constructor(options: TypingPreviewOptions) {
    this.o = { ...defaults, ...options };
    for (const k of ['intervalMs', 'maxLength'] as const) {
      if (!(this.o[k] >= 0)) throw new RangeError(`${k} must be a number >= 0`);
    }
  }

  private now() {
    return this.o.now ? this.o.now() : Date.now();
  }

  /** Reports the composer's current draft. */
  update(draft: string): void {
    if (!draft.trim()) return this.clear();
    const masked = maskDraft(draft, this.o);
    this.pending = masked.length > this.o.maxLength ? masked.slice(-this.o.maxLength) : masked;
    const wait = this.lastAt + this.o.intervalMs - this.now();
    if (wait <= 0) this.flush();
    else if (this.timer == null) this.timer = (this.o.setTimer ?? setTimeout)(() => this.flush(), wait);
  }

  /** The draft was sent, emptied, or the panel closed: tell the agent at once. */
  clear(): void {
    this.cancel();
    this.pending = '';
    this.flush();
  }

  /** Stops any trailing frame without sending it. */
  dispose(): void {
    this.cancel();
    this.pending = null;
  }

  private cancel() {
    if (this.timer != null) (this.o.clearTimer ?? clearTimeout)(this.timer as ReturnType<typeof setTimeout>);
    this.timer = null;
  }

  private flush() {
    this.timer = null;
    const text = this.pending;
    this.pending = null;
    if (text == null || text === this.sent) return;
    this.sent = text;
    this.lastAt = this.now();
    this.o.send(text);
  }
}
