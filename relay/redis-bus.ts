// A Bus over Redis pub/sub, so several relay processes behind one load balancer act as one relay: an
// API call reaches a visitor whichever process holds their socket. Each process keeps one publisher and
// one subscriber connection and subscribes each topic once however many local sockets listen, so
// PUBLISH's answer counts processes, which is what `delivered` means.
//
// Local sockets are served straight from memory and never wait on Redis: when Redis is away the relay
// still works as one process, and delivery to the others resumes when the client reconnects.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
// Types only: the client itself is imported when a RedisBus first connects, so a relay without
// redisUrl never loads it (loading it adds ~7 MiB of RSS at start).
import type { createClient } from '@redis/client';
import { bounded } from './bounded.js';
import type { Bus, BusEvent, BusHandler } from './bus.js';
import { TopicHandlers } from './topic-handlers.js';
import { decodeEnvelope, encodeEnvelope } from './bus-codec.js';
import { BusError } from './errors.js';

/** How a RedisBus connects: the Redis URL and how long it waits for Redis. */
export interface RedisBusOptions {
  /** redis:// or rediss:// URL. */
  url: string;
  /** Channel prefix, so several deployments can share one Redis. */
  prefix: string;
  /** How long ready() waits for Redis, and the longest a publish may wait on it. */
  connectTimeoutMs: number;
  /** Where connection loss (`up` false) and recovery (`up` true) are reported, once each; the relay passes its log. */
  log: (message: string, up: boolean) => void;
}

/** How often an instance says it is alive, and how long after its last word it is no longer listed. */
const HEARTBEAT_MS = 5000;
const MEMBER_TTL_MS = 15_000;

const DEFAULTS: Omit<RedisBusOptions, 'url'> = {
  prefix: 'parley:',
  connectTimeoutMs: 5000,
  log: () => {},
};

/** The URL with any password hidden, for messages. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

type Client = ReturnType<typeof createClient>;

/** Bus shared by relay processes through Redis pub/sub. */
export class RedisBus implements Bus {
  readonly kind = 'redis';
  private readonly options: RedisBusOptions;
  /** Distinguishes this process's own publications when they come back from Redis. */
  private readonly id = randomUUID();
  /** Readable for operators reading a visitor list's `missing`: host, process, then a unique part. */
  readonly instance = `${hostname()}-${process.pid}-${this.id.slice(0, 8)}`;
  private heartbeat: NodeJS.Timeout | undefined;
  // Created in start(), once the client library is loaded; nothing reads them before `connected`.
  private pub!: Client;
  private sub!: Client;
  private readonly handlers = new TopicHandlers();
  /** Topics whose SUBSCRIBE Redis confirmed: Redis counts this process among their receivers. */
  private readonly confirmed = new Set<string>();
  private readonly pending = new Map<string, Promise<void>>();
  private starting: Promise<void> | null = null;
  private connected = false;
  private closed = false;
  private lost = false;
  private lastError: Error | null = null;

  constructor(options: Partial<RedisBusOptions> & { url: string }) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Loads the client library and creates both connections (not yet connected). */
  private async createClients(): Promise<void> {
    const { createClient } = await import('@redis/client');
    // Publishing must fail fast while Redis is away (local sockets are served anyway); subscribing
    // keeps the offline queue so subscriptions made during an outage happen on reconnect.
    this.pub = createClient({ url: this.options.url, disableOfflineQueue: true, socket: { connectTimeout: this.options.connectTimeoutMs } });
    this.sub = this.pub.duplicate({ disableOfflineQueue: false });
    for (const [client, role] of [[this.pub, 'publisher'], [this.sub, 'subscriber']] as const) {
      // Without an 'error' listener a dropped connection would be an uncaught exception.
      client.on('error', (e: Error) => this.onError(role, e));
      client.on('ready', () => this.onReady());
    }
  }

  /** Connects both clients and subscribes topics registered so far; BusError after connectTimeoutMs. */
  ready(): Promise<void> {
    this.starting ??= this.start();
    return this.starting;
  }

  async publish(topic: string, event: BusEvent): Promise<number> {
    const local = this.deliver(topic, event) ? 1 : 0;
    if (!this.usable()) return local;
    try {
      const n = await bounded(this.pub.publish(this.channel(topic), encodeEnvelope(this.id, event)), this.options.connectTimeoutMs, null);
      if (n === null) return local;
      // Redis counted this process too when it is subscribed; it was served from memory above.
      const self = this.confirmed.has(topic) && this.sub.isReady ? 1 : 0;
      return local + Math.max(0, n - self);
    } catch (e) {
      this.onError('publisher', e as Error);
      return local;
    }
  }

  /** True while both connections are ready: publishes reach other processes and theirs reach this one. */
  up(): boolean {
    return this.connected && !this.closed && this.pub.isReady && this.sub.isReady;
  }

  /** SETs prefix+key; skipped while Redis is away (the next write after it returns wins). */
  async setValue(key: string, value: string): Promise<void> {
    if (!this.usable()) return;
    try {
      await bounded(this.pub.set(this.options.prefix + key, value), this.options.connectTimeoutMs, null);
    } catch (e) {
      this.onError('publisher', e as Error);
    }
  }

  /** GETs prefix+key; null while Redis is away or slower than connectTimeoutMs. */
  async getValue(key: string): Promise<string | null> {
    if (!this.usable()) return null;
    try {
      const v = await bounded(this.pub.get(this.options.prefix + key), this.options.connectTimeoutMs, null);
      return typeof v === 'string' ? v : null;
    } catch (e) {
      this.onError('publisher', e as Error);
      return null;
    }
  }

  /** The instances whose heartbeat Redis saw within the last 15 s; null while Redis is away or slower than waitMs. */
  async members(waitMs: number): Promise<string[] | null> {
    if (!this.usable()) return null;
    try {
      const now = Date.now();
      const names = await bounded(this.pub.zRangeByScore(this.membersKey(), now - MEMBER_TTL_MS, '+inf'), waitMs, null);
      return names ? names.map(String) : null;
    } catch (e) {
      this.onError('publisher', e as Error);
      return null;
    }
  }

  subscribe(topic: string, handler: BusHandler): () => void {
    if (this.handlers.add(topic, handler).first && this.connected) this.redisSubscribe(topic);
    return () => this.unsubscribe(topic, handler);
  }

  unsubscribe(topic: string, handler: BusHandler): void {
    if (!this.handlers.remove(topic, handler)) return;
    this.confirmed.delete(topic);
    this.pending.delete(topic);
    if (this.connected && !this.closed) this.sub.unsubscribe(this.channel(topic)).catch(() => {});
  }

  /** Waits for the topic's SUBSCRIBE, at most connectTimeoutMs; at once while Redis is away. */
  async settled(topic: string): Promise<void> {
    const p = this.pending.get(topic);
    if (!p || !this.connected || !this.sub.isReady) return;
    await bounded(p, this.options.connectTimeoutMs, undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.heartbeat);
    // Leaving on purpose: not reported missing by the others.
    if (this.usable()) await bounded(this.pub.zRem(this.membersKey(), this.instance).catch(() => 0), 1000, 0);
    this.closed = true;
    this.handlers.clear();
    this.confirmed.clear();
    this.pending.clear();
    if (this.pub) await Promise.all([this.pub, this.sub].map((c) => this.quit(c)));
  }

  private async start(): Promise<void> {
    const { connectTimeoutMs, url } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const why = this.lastError ? ` (${this.lastError.message})` : '';
        reject(new BusError('redisUrl', `Redis at ${redact(url)} did not answer within ${connectTimeoutMs} ms${why}`));
      }, connectTimeoutMs);
    });
    const connect = async () => {
      await this.createClients();
      if (this.closed) throw new BusError('redisUrl', 'the bus was closed while connecting');
      await Promise.all([this.pub.connect(), this.sub.connect()]);
      if (this.closed) throw new BusError('redisUrl', 'the bus was closed while connecting');
      this.connected = true;
      await Promise.all([...this.handlers.keys()].map((t) => this.redisSubscribe(t)));
      await this.beat();
      this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
      this.heartbeat.unref();
    };
    const connecting = connect();
    // Losing the race still settles it later; that late rejection is expected, not unhandled.
    connecting.catch(() => {});
    try {
      await Promise.race([connecting, timeout]);
    } catch (e) {
      this.closed = true;
      if (this.pub) for (const c of [this.pub, this.sub]) this.destroy(c);
      throw e instanceof BusError ? e : new BusError('redisUrl', `cannot use Redis at ${redact(url)}: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private membersKey(): string {
    return this.options.prefix + 'instances';
  }

  /** Says this instance is alive, and forgets those silent for long (the set stays small). */
  private async beat(): Promise<void> {
    if (!this.usable()) return;
    const now = Date.now();
    try {
      await bounded(
        Promise.all([this.pub.zAdd(this.membersKey(), { score: now, value: this.instance }), this.pub.zRemRangeByScore(this.membersKey(), '-inf', now - 4 * MEMBER_TTL_MS)]),
        this.options.connectTimeoutMs,
        null,
      );
    } catch (e) {
      this.onError('publisher', e as Error);
    }
  }

  /** The publisher can take a command now; it refuses at once otherwise (no offline queue). */
  private usable(): boolean {
    return this.connected && !this.closed && this.pub.isReady;
  }

  private channel(topic: string): string {
    return this.options.prefix + topic;
  }

  private redisSubscribe(topic: string): Promise<void> {
    const p = this.sub.subscribe(this.channel(topic), this.onMessage).then(
      () => {
        if (this.handlers.has(topic)) this.confirmed.add(topic);
      },
      () => {
        // Closed or lost mid-subscribe: node-redis resubscribes what it holds once it reconnects.
      },
    );
    this.pending.set(topic, p);
    void p.then(() => {
      if (this.pending.get(topic) === p) this.pending.delete(topic);
    });
    return p;
  }

  private readonly onMessage = (raw: string, channel: string): void => {
    if (!channel.startsWith(this.options.prefix)) return;
    const envelope = decodeEnvelope(raw);
    if (!envelope || envelope.from === this.id) return;
    this.deliver(channel.slice(this.options.prefix.length), envelope.event);
  };

  /** Hands the event to this process's handlers; true when there were any. */
  private deliver(topic: string, event: BusEvent): boolean {
    return this.handlers.deliver(topic, event) > 0;
  }

  private onError(role: string, e: Error): void {
    this.lastError = e;
    // Before start succeeds the failure is reported by ready(); after close nobody cares.
    if (!this.connected || this.closed || this.lost) return;
    this.lost = true;
    this.options.log(`Redis ${role} connection lost (${e.message}); serving local sockets only until it reconnects`, false);
  }

  private onReady(): void {
    if (!this.lost || !this.pub.isReady || !this.sub.isReady) return;
    this.lost = false;
    this.options.log('Redis reconnected; sharing events with other relay instances again', true);
  }

  private async quit(client: Client): Promise<void> {
    if (!client.isOpen) return;
    // A graceful QUIT cannot finish while Redis is away: give it a moment, then drop the socket.
    await bounded(client.close().catch(() => {}), 1000, undefined);
    this.destroy(client);
  }

  private destroy(client: Client): void {
    try {
      if (client.isOpen) client.destroy();
    } catch {
      // Already gone.
    }
  }
}
