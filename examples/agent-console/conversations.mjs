// The console's memory: one conversation per visitor (a verified user's spans devices), bounded so a
// console left running for weeks stays small, and every change announced as a small diff so the
// page never gets the whole state again.

/** The bounds, each an option of startConsole. */
export const DEFAULT_LIMITS = { maxConversations: 500, maxMessages: 500, maxTimeline: 200, maxReceived: 5000 };

/** Checks the limits once, at start, naming a bad one. */
export function resolveLimits(given = {}) {
  const limits = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(given)) {
    if (!(k in DEFAULT_LIMITS)) throw new Error(`${k}: not a limit of the agent console (${Object.keys(DEFAULT_LIMITS).join(', ')})`);
    if (!Number.isInteger(v) || v < 1) throw new Error(`${k}: must be a positive integer`);
    limits[k] = v;
  }
  return limits;
}

/**
 * Conversations keyed by "user:<userId>" for a verified user, else by visitor id. `emit(event, data)`
 * hears every change: `conversation` (the header, without messages), `item` (one message or timeline
 * entry), `removed` (an old conversation dropped to stay within maxConversations).
 */
export function createConversations(limits, emit) {
  const byKey = new Map();
  const keys = new Map(); // visitor id -> conversation key

  /** The conversation of a webhook's visitor, made or updated from what the relay vouched for. */
  function of(v, at) {
    // An unverified userId is never trusted, so it keys nothing.
    const key = v.verified && v.userId ? `user:${v.userId}` : v.id;
    let c = byKey.get(key);
    if (!c) {
      c = { key, id: v.id, visitorIds: [], messages: [], timeline: [], connections: 0, preview: '', firstSeen: at, lastAt: at };
      byKey.set(key, c);
      while (byKey.size > limits.maxConversations) drop();
    }
    if (!c.visitorIds.includes(v.id)) {
      c.visitorIds.push(v.id);
      if (c.visitorIds.length > 20) keys.delete(c.visitorIds.shift());
    }
    keys.set(v.id, key);
    // Replies go to the device the user was last seen on, and to every other through the relay.
    c.id = v.id;
    Object.assign(c, { verified: v.verified, name: v.name, email: v.email, phone: v.phone, attributes: v.attributes, userId: v.userId, locale: v.locale });
    if (v.page) c.page = v.page;
    return c;
  }

  /** Drops the conversation idle longest. */
  function drop() {
    let oldest;
    for (const c of byKey.values()) if (!oldest || c.lastAt < oldest.lastAt) oldest = c;
    byKey.delete(oldest.key);
    for (const id of oldest.visitorIds) if (keys.get(id) === oldest.key) keys.delete(id);
    emit('removed', { key: oldest.key });
  }

  /** Appends a message (`list` "messages") or a timeline entry, within its bound, and announces it. */
  function add(c, list, item) {
    const items = c[list];
    items.push(item);
    if (items.length > limits[list === 'messages' ? 'maxMessages' : 'maxTimeline']) items.shift();
    if (item.at && item.at > c.lastAt) c.lastAt = item.at;
    if (list === 'messages') kpi(c, item);
    emit('item', { key: c.key, list, item });
  }

  /** What the KPI strip needs, kept as messages arrive (history is bounded, these are not lost with it). */
  function kpi(c, m) {
    if (m.from === 'visitor' && !c.waitingSince) c.waitingSince = m.at;
    if (m.from === 'agent' && c.waitingSince) {
      if (c.firstResponseMs == null) c.firstResponseMs = Math.max(0, Date.parse(m.at) - Date.parse(c.waitingSince));
      c.waitingSince = null;
    }
  }

  /** Announces a conversation's header fields after a change. */
  const changed = (c) => emit('conversation', header(c));

  return {
    of,
    add,
    changed,
    get: (key) => byKey.get(key),
    /** The conversation a visitor id belongs to. */
    ofVisitor: (visitorId) => byKey.get(keys.get(visitorId) ?? visitorId),
    all: () => [...byKey.values()],
    /** Every conversation as the page first gets it. */
    snapshot: () => [...byKey.values()].map((c) => ({ ...header(c), messages: c.messages, timeline: c.timeline })),
    /** For tests: the conversations by visitor id of their latest device, as before. */
    byKey,
  };
}

/** A conversation without its messages and timeline. */
export function header(c) {
  const { messages, timeline, ...rest } = c;
  return rest;
}
