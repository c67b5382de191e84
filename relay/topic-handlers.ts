// Who listens to which topic in this process, and handing an event to them: the same for every bus,
// so one broken subscriber never stops the others and an emptied topic is forgotten.
import type { BusEvent, BusHandler } from './bus.js';

export class TopicHandlers {
  private readonly topics = new Map<string, Set<BusHandler>>();

  /** Adds a handler; `first` is true when the topic had none (a bus then subscribes upstream). */
  add(topic: string, handler: BusHandler): { first: boolean } {
    let set = this.topics.get(topic);
    const first = !set;
    if (!set) this.topics.set(topic, (set = new Set()));
    set.add(handler);
    return { first };
  }

  /** Removes a handler; true when that was the topic's last (a bus then unsubscribes upstream). */
  remove(topic: string, handler: BusHandler): boolean {
    const set = this.topics.get(topic);
    if (!set || !set.delete(handler) || set.size > 0) return false;
    this.topics.delete(topic);
    return true;
  }

  /** Whether anyone here listens to the topic. */
  has(topic: string): boolean {
    return this.topics.has(topic);
  }

  /** Every topic someone listens to. */
  keys(): IterableIterator<string> {
    return this.topics.keys();
  }

  /** Hands the event to the topic's handlers; returns how many there were. */
  deliver(topic: string, event: BusEvent): number {
    const set = this.topics.get(topic);
    if (!set) return 0;
    // Counted before: a handler that unsubscribes while handling still received the event.
    const handlers = [...set];
    for (const h of handlers) {
      try {
        h(event);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
    return handlers.length;
  }

  clear(): void {
    this.topics.clear();
  }
}
