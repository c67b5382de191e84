// The bus carries everything that must reach a visitor's sockets wherever they are connected:
// agent messages, typing, invitations, presence, multi-tab echoes. In one process it is a Map;
// RedisBus (redis-bus.ts) carries the same events between processes.
import type { ServerFrame } from '../protocol/server-frames.js';
import type { ListedVisitor } from '../protocol/visitor-list.js';
import { TopicHandlers } from './topic-handlers.js';

/** A page of the live visitor list: at most `limit`, after the (connectedAt, id) position `after`. */
export interface ListQuery {
  limit: number;
  after?: [string, string];
}

/**
 * What crosses the bus: a frame for a topic's sockets, a site's new presence, or an instance asking
 * the others for their visitors and their answers (visitor-list.ts).
 */
export type BusEvent =
  | { kind: 'frame'; frame: ServerFrame; exceptConnection?: string }
  | { kind: 'presence'; agentsOnline: number }
  | { kind: 'list_visitors'; site: string; requestId: string; replyTo: string; query: ListQuery }
  | { kind: 'visitors'; requestId: string; instance: string; visitors: ListedVisitor[] };

/** A subscriber: told each event with the topic it came on, so one handler can serve many topics. */
export type BusHandler = (event: BusEvent, topic: string) => void;

export interface Bus {
  /** What carries events between processes, reported at /healthz; absent for a bus of your own. */
  readonly kind?: 'memory' | 'redis';
  /** Publishes to a topic; resolves to how many subscribers (relay instances) received it. */
  publish(topic: string, event: BusEvent): Promise<number>;
  /** Subscribes to a topic; returns the unsubscribe function. */
  subscribe(topic: string, handler: BusHandler): () => void;
  /**
   * Undoes subscribe(topic, handler) without its returned function, so a subscriber with many
   * topics need not keep a closure for each (a connected visitor has one); optional.
   */
  unsubscribe?(topic: string, handler: BusHandler): void;
  /** Resolves once events published on topic from any process reach this one's handlers (bounded). */
  settled?(topic: string): Promise<void>;
  /** Resolves once events can cross processes; rejects (BusError) when that cannot happen in time. */
  ready?(): Promise<void>;
  /** Whether events can cross processes right now; absent means always. */
  up?(): boolean;
  /** Stores a small value every process can read; bounded, never throws, skipped while the store is away. */
  setValue?(key: string, value: string): Promise<void>;
  /** A value stored by setValue in any process; null when there is none or it cannot be read in time. */
  getValue?(key: string): Promise<string | null>;
  /** This process's name among those sharing the bus (reported in the visitor list's `missing`). */
  readonly instance?: string;
  /** The instances sharing the bus now, this one included; null when that cannot be known within waitMs. */
  members?(waitMs: number): Promise<string[] | null>;
  /** Stops delivering and releases connections. */
  close(): Promise<void>;
}

// Each site's `v:<site>:` made once: a prefix made per call would be one more string every idle
// visitor's topic keeps (24 bytes), as the registry and the bus hold topics for as long as it stays.
const visitorPrefixes = new Map<string, string>();

/** Topic for one visitor's sockets. */
export function visitorTopic(site: string, visitorId: string): string {
  let prefix = visitorPrefixes.get(site);
  if (prefix === undefined) visitorPrefixes.set(site, (prefix = `v:${site}:`));
  return prefix + visitorId;
}
/** Topic for every socket of one site. */
export const siteTopic = (site: string) => `s:${site}`;

/** Single-process bus. */
export class MemoryBus implements Bus {
  readonly kind = 'memory';
  readonly instance = 'local';
  private readonly topics = new TopicHandlers();
  private readonly values = new Map<string, string>();

  async publish(topic: string, event: BusEvent): Promise<number> {
    return this.topics.deliver(topic, event);
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    this.topics.add(topic, handler);
    return () => this.unsubscribe(topic, handler);
  }

  unsubscribe(topic: string, handler: BusHandler): void {
    this.topics.remove(topic, handler);
  }

  async setValue(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async getValue(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async close(): Promise<void> {
    this.topics.clear();
  }
}
