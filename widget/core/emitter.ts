// A tiny typed event emitter: the widget's only pub/sub, so it stays small and predictable.
// Owns: listener sets. Must not: know what any event means.

export type Listener<T> = (payload: T) => void;

/** Typed event emitter; a throwing listener never stops the others. */
export class Emitter<M extends object> {
  private map: { [K in keyof M]?: Set<Listener<M[K]>> } = {};

  /** Subscribes; returns a function that unsubscribes. */
  on<K extends keyof M>(event: K, fn: Listener<M[K]>): () => void {
    (this.map[event] ??= new Set()).add(fn);
    return () => this.off(event, fn);
  }

  /** Unsubscribes a listener added with `on`. */
  off<K extends keyof M>(event: K, fn: Listener<M[K]>): void {
    this.map[event]?.delete(fn);
  }

  /** Calls every listener of `event` with `payload`. */
  emit<K extends keyof M>(event: K, payload: M[K]): void {
    const set = this.map[event];
    if (!set) return;
    // Copy so a listener that unsubscribes itself does not skip its neighbour.
    for (const fn of [...set]) {
      try {
        fn(payload);
      } catch (e) {
        // Page code errors must not break the widget; surface them asynchronously instead.
        setTimeout(() => {
          throw e;
        });
      }
    }
  }

  /** Drops every listener. */
  clear(): void {
    this.map = {};
  }
}
