// The live list of visitors (DESIGN §4, §11): who is connected now, on every relay instance. The
// instance that takes the API call asks the others over the bus and waits for their part at most
// `waitMs`; an instance the bus knows of that did not answer in time is named in `missing`, so an
// agent never mistakes a partial list for the whole. Each instance answers from its own sockets only.
import { nanoid } from 'nanoid';
import { VISITOR_LIST_DEFAULT_LIMIT, VISITOR_LIST_MAX_LIMIT, type ListedVisitor, type VisitorList } from '../protocol/visitor-list.js';
import type { Bus, BusEvent, ListQuery } from './bus.js';
import type { VisitorState } from './conn.js';

/** Where list requests go: every instance listens. */
const REQUESTS = 'i:visitors';
/** Where one instance hears the answers to its requests. */
const answersTo = (instance: string) => `i:${instance}`;

/** The live-list position after which the next page starts: (connectedAt, id), opaque to the helpdesk. */
export function encodeCursor(v: ListedVisitor): string {
  return Buffer.from(JSON.stringify([v.connectedAt, v.id])).toString('base64url');
}

/** The position a cursor names, or undefined when it is not one this relay wrote. */
export function decodeCursor(cursor: string): [string, string] | undefined {
  try {
    const o = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(o) && o.length === 2 && typeof o[0] === 'string' && typeof o[1] === 'string' ? [o[0], o[1]] : undefined;
  } catch {
    return undefined;
  }
}

const order = (a: ListedVisitor, b: ListedVisitor) => (a.connectedAt < b.connectedAt ? -1 : a.connectedAt > b.connectedAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const afterCursor = (v: ListedVisitor, after: [string, string] | undefined) => !after || v.connectedAt > after[0] || (v.connectedAt === after[0] && v.id > after[1]);

/** One entry per visitor, however many sockets: connected since the oldest, on the newest one's page. */
export function listed(states: Iterable<VisitorState>): ListedVisitor[] {
  const by = new Map<string, { first: VisitorState; last: VisitorState }>();
  for (const s of states) {
    const e = by.get(s.id);
    if (!e) by.set(s.id, { first: s, last: s });
    else {
      if (s.connectedAtMs < e.first.connectedAtMs) e.first = s;
      if (s.connectedAtMs >= e.last.connectedAtMs) e.last = s;
    }
  }
  return [...by.values()].map(({ first, last }) => ({
    id: last.id,
    verified: last.verified,
    ...(last.userId !== undefined ? { userId: last.userId } : {}),
    ...(last.name !== undefined ? { name: last.name } : {}),
    page: last.page,
    ...(last.context !== undefined ? { context: last.context } : {}),
    connectedAt: new Date(first.connectedAtMs).toISOString(),
  }));
}

/** Merges parts into one sorted page: duplicates (a visitor on two instances) kept once, oldest first. */
function page(parts: ListedVisitor[][], q: ListQuery): { visitors: ListedVisitor[]; more: boolean } {
  const by = new Map<string, ListedVisitor>();
  for (const part of parts) {
    for (const v of part) {
      if (!afterCursor(v, q.after)) continue;
      const seen = by.get(v.id);
      if (!seen || v.connectedAt < seen.connectedAt) by.set(v.id, v);
    }
  }
  const all = [...by.values()].sort(order);
  return { visitors: all.slice(0, q.limit), more: all.length > q.limit };
}

interface Gathering {
  parts: ListedVisitor[][];
  answered: Set<string>;
  /** Called on each answer; resolves the wait once everyone expected has answered. */
  check: () => void;
}

export class LiveVisitors {
  private readonly instance: string;
  private readonly gatherings = new Map<string, Gathering>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    private readonly bus: Bus,
    /** This instance's visitors of a site. */
    private readonly here: (site: string) => Iterable<VisitorState>,
    /** How long a list waits for other instances. */
    private readonly waitMs = 500,
  ) {
    this.instance = bus.instance ?? 'local';
    this.unsubscribe = [
      bus.subscribe(REQUESTS, (e) => this.onRequest(e)),
      bus.subscribe(answersTo(this.instance), (e) => {
        if (e.kind !== 'visitors') return;
        const g = this.gatherings.get(e.requestId);
        if (!g || g.answered.has(e.instance)) return;
        g.answered.add(e.instance);
        g.parts.push(e.visitors);
        g.check();
      }),
    ];
  }

  /** One page of the site's visitors, gathered from every instance within waitMs. */
  async list(site: string, q: ListQuery): Promise<VisitorList> {
    const deadline = Date.now() + this.waitMs;
    const requestId = nanoid(16);
    const g: Gathering = { parts: [this.part(site, q)], answered: new Set(), check: () => {} };
    this.gatherings.set(requestId, g);
    try {
      const members = (await this.members(deadline)).filter((m) => m !== this.instance);
      // The bus counts who received the request: an instance it reached but that no heartbeat names still counts.
      const reached = await this.bus.publish(REQUESTS, { kind: 'list_visitors', site, requestId, replyTo: this.instance, query: q });
      const expected = Math.max(members.length, reached - 1);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
        g.check = () => {
          if (g.answered.size >= expected) (clearTimeout(timer), resolve());
        };
        g.check();
      });
      const { visitors, more } = page(g.parts, q);
      const missing = members.filter((m) => !g.answered.has(m));
      // Reached but unnamed and silent: still missing, under the only name known for it.
      for (let n = g.answered.size + missing.length; n < expected; n++) missing.push(`unknown-${n - g.answered.size - missing.length + 1}`);
      return { visitors, ...(more ? { next: encodeCursor(visitors[visitors.length - 1]!) } : {}), ...(missing.length ? { missing: missing.sort() } : {}) };
    } finally {
      this.gatherings.delete(requestId);
    }
  }

  /** Stops answering and listening. */
  close(): void {
    for (const u of this.unsubscribe) u();
  }

  private async members(deadline: number): Promise<string[]> {
    if (!this.bus.members) return [];
    return (await this.bus.members(Math.max(0, deadline - Date.now()))) ?? [];
  }

  /** At most limit + 1 after the cursor, so the asker knows whether there is a next page. */
  private part(site: string, q: ListQuery): ListedVisitor[] {
    return listed(this.here(site))
      .filter((v) => afterCursor(v, q.after))
      .sort(order)
      .slice(0, q.limit + 1);
  }

  private onRequest(e: BusEvent): void {
    if (e.kind !== 'list_visitors' || e.replyTo === this.instance) return;
    const answer: BusEvent = { kind: 'visitors', requestId: e.requestId, instance: this.instance, visitors: this.part(e.site, e.query) };
    void this.bus.publish(answersTo(e.replyTo), answer).catch(() => {});
  }
}

/** The page the query string asks for (`limit`, `cursor`), or why it cannot be served. */
export function parseListQuery(search: URLSearchParams): ListQuery | { error: string } {
  const rawLimit = search.get('limit');
  const limit = rawLimit === null ? VISITOR_LIST_DEFAULT_LIMIT : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > VISITOR_LIST_MAX_LIMIT) return { error: `"limit" must be an integer from 1 to ${VISITOR_LIST_MAX_LIMIT}` };
  const cursor = search.get('cursor');
  if (cursor === null || cursor === '') return { limit };
  const after = decodeCursor(cursor);
  return after ? { limit, after } : { error: '"cursor" must be a next value from an earlier page' };
}
