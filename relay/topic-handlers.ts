// Who listens to which topic in this process, and handing an event to them: the same for every bus,
// so one broken subscriber never stops the others and an emptied topic is forgotten.
import type { BusEvent, BusHandler } from './bus.js';

export class TopicHandlers {
  // Almost every topic is one visitor's, with one handler: it is held as it is, and a Set only once a
  // second one comes (a Set's table would cost each connected visitor ~140 bytes more).
  private readonly topics = new Map<string, BusHandler | Set<BusHandler>>();

  /** Adds a handler; `first` is true when the topic had none (a bus then subscribes upstream). */
  add(topic: string, handler: BusHandler): { first: boolean } {
    const held = this.topics.get(topic);
    if (held === undefined) this.topics.set(topic, handler);
    else if (held instanceof Set) held.add(handler);
    else if (held !== handler) this.topics.set(topic, new Set([held, handler]));
    return { first: held === undefined };
  }

  /** Removes a handler; true when that was the topic's last (a bus then unsubscribes upstream). */
  remove(topic: string, handler: BusHandler): boolean {
    const held = this.topics.get(topic);
    if (held === undefined) return false;
    if (held instanceof Set ? !held.delete(handler) || held.size > 0 : held !== handler) return false;
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
    const held = this.topics.get(topic);
    if (held === undefined) return 0;
    // Counted before: a handler that unsubscribes while handling still received the event.
    const handlers = held instanceof Set ? [...held] : [held];
    for (const h of handlers) {
      try {
        h(event, topic);
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
