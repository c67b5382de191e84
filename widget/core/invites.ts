// Proactive invitations in the widget: runs the rules engine where there is a DOM, holds the one
// teaser on screen (persisted, so navigating does not lose an agent's invitation) and reports what
// the visitor did to the relay and to the page. Closures rather than a class: every byte ships.
// Owns: the teaser, the engine and the `invitation` event. Must not: reach the relay other than
// through the `link` it is given, or change the conversation other than through its methods.
import { nanoid } from 'nanoid';
import type { Author, ClientFrame, ClientFrameOf, InvitationAction } from '../../protocol/types.js';
import { ID_PATTERN } from '../../protocol/patterns.js';
import { STORE_KEY } from '../invitations/capping.js';
import type { InvitationEngine } from '../invitations/engine.js';
import type { InvitationsChunk } from './chunks.js';
import { nextTask } from './idle.js';
import type { Conversation } from './conversation.js';
import type { Events, InvitationInfo } from './events.js';
import type { Store } from './store.js';

/** The invitation on screen as a teaser. */
export interface Teaser {
  id: string;
  ruleId?: string;
  text: string;
  author?: Author;
}

/** What `invite()` takes: from the relay, the page's own code or a rule. */
export interface InviteInput {
  id?: string;
  ruleId?: string;
  text: string;
  author?: Author | string;
}

export interface Invites {
  /** The teaser on screen, if any: never more than one. */
  current(): Teaser | null;
  /** Restores a teaser from an earlier page and starts the rules engine after the first paint. */
  start(store: Store): void;
  /** New rules from the cached or a fresh widget-config. */
  setRules(rules: unknown): void;
  /** A single-page navigation: fresh per-page facts for the rules. */
  page(url?: string): void;
  /** Shows an invitation: as the teaser, or straight in the transcript while the panel is open. */
  show(inv: InviteInput): void;
  /** The visitor accepted the teaser: the panel opens with it as the first agent message. */
  accept(): void;
  /** The visitor dismissed the teaser; a rule's dismissal is remembered across pages. */
  dismiss(): void;
  /** Stops watching the page and listening to the conversation. */
  stop(): void;
  /** The storage keys this site's invitations use, for a full wipe. */
  keys(): string[];
}

// Frames the relay could not take yet; beyond this, older reports are not worth holding.
const MAX_PENDING = 20;

function toAuthor(a: unknown): Author | undefined {
  if (typeof a === 'string') return a.trim() ? { name: a } : undefined;
  const o = a as Author | undefined;
  if (!o || typeof o.name !== 'string' || !o.name.trim()) return undefined;
  return typeof o.avatarUrl === 'string' ? { name: o.name, avatarUrl: o.avatarUrl } : { name: o.name };
}

/**
 * Invitation state and reporting for one widget; `events` is the widget's bus, `link` sends a frame
 * if the relay is connected, `rulesEngine` brings the engine's code, asked for only once the site's
 * config has rules.
 */
export function createInvites(
  conv: Conversation,
  events: Events,
  link: (f: ClientFrame) => boolean,
  site: string,
  locale: () => string,
  rulesEngine: () => Promise<InvitationsChunk | null>,
): Invites {
  let current: Teaser | null = null;
  let engine: InvitationEngine | null = null;
  let store: Store | null = null;
  let rules: unknown = [];
  let pending: ClientFrame[] = [];
  let agents = -1;
  let open = true;
  let dead = false;
  // Set once the widget is up and the engine may run; then the engine comes with the first rules.
  let watch: (() => void) | null = null;
  let asked = false;
  const key = (k: string) => site + ':' + k;
  const TEASER = key('teaser');

  // The engine only knows its own teasers; one from an agent or a restored one must hold it back too.
  const block = () => engine?.setPanelOpen(conv.open || !!current);

  const report = (t: Teaser, action: InvitationAction) => {
    const f: ClientFrameOf<'invitation'> = { t: 'invitation', id: t.id, text: t.text, action };
    const e: InvitationInfo = { id: t.id, text: t.text, action };
    if (t.ruleId) f.ruleId = e.ruleId = t.ruleId;
    if (t.author) e.author = t.author;
    if (!link(f) && pending.push(f) > MAX_PENDING) pending.shift();
    events.emit('invitation', e);
  };

  const toTranscript = (t: Teaser) =>
    conv.add({ id: t.id, from: 'agent', text: t.text, author: t.author, at: new Date().toISOString(), invitation: true });

  const clear = () => {
    current = null;
    void store?.del(TEASER);
    block();
    events.emit('change', undefined);
  };

  const display = (t: Teaser, fresh: boolean) => {
    // Never two at a time: the newer one (an agent or the page asked for it just now) replaces it.
    if (current && current.ruleId) void engine?.accept(current.ruleId);
    current = null;
    if (conv.open) toTranscript(t);
    else void store?.set(TEASER, (current = t));
    block();
    if (fresh) report(t, 'shown');
    events.emit('change', undefined);
  };

  // Opening the panel while a teaser shows answers it: the invitation becomes the first message.
  const take = () => {
    const t = current;
    if (!t) return block();
    clear();
    toTranscript(t);
    report(t, 'accepted');
    if (t.ruleId) void engine?.accept(t.ruleId);
  };

  const offs = [
    conv.on('open', take),
    conv.on('close', block),
    conv.on('message', (m) => void (m.from === 'visitor' && engine?.markChatted())),
    conv.on('status', () => {
      if (conv.connection === 'online') while (pending.length && link(pending[0]!)) pending.shift();
    }),
    events.on('change', () => {
      if (conv.agentsOnline !== agents) engine?.setAgentsOnline((agents = conv.agentsOnline));
      if (conv.siteOpen !== open) engine?.setOpen((open = conv.siteOpen));
    }),
  ];

  return {
    current: () => current,
    start(s) {
      store = s;
      // Node (load tests) has no page to watch; a macrotask keeps the engine off the widget's startup path.
      setTimeout(() => {
        if (dead) return;
        if (typeof window !== 'undefined' && typeof document !== 'undefined') {
          watch = () => {
            // No rules, no engine: most sites never download it. A chunk that fails to load means no rule invitations.
            if (asked || !Array.isArray(rules) || !rules.length) return;
            asked = true;
            void rulesEngine()
              .catch(() => null)
              // The engine's file ran in the task that brought it: the engine starts in the next one.
              .then(async (m) => (m && (await nextTask()), m))
              .then((m) => {
                if (!m || dead) return;
                engine = m.createInvitationEngine({
                  rules,
                  store: { get: (k) => s.get(key(k)), set: (k, v) => s.set(key(k), v) },
                  onShow: (inv) => display(inv, true),
                  locale: locale(),
                  agentsOnline: (agents = conv.agentsOnline),
                  open: (open = conv.siteOpen),
                });
                block();
                void engine.start();
              });
          };
          watch();
        }
        void s.get<Teaser>(TEASER).then((t) => t && !current && !dead && display(t, false));
      });
    },
    setRules(r) {
      rules = r;
      engine?.setLocale(locale());
      engine?.setRules(r);
      watch?.();
    },
    page: (url) => engine?.page(url),
    show(inv) {
      if (!inv || typeof inv.text !== 'string' || !inv.text.trim() || dead) return;
      const t: Teaser = { id: typeof inv.id === 'string' && ID_PATTERN.test(inv.id) ? inv.id : nanoid(), text: inv.text };
      const author = toAuthor(inv.author);
      if (author) t.author = author;
      if (inv.ruleId) t.ruleId = inv.ruleId;
      // The same invitation again (a relay re-delivery) is not a second one.
      if ((current && current.id === t.id) || conv.messages.some((m) => m.id === t.id)) return;
      display(t, true);
    },
    accept: () => (conv.open ? take() : conv.setOpen(true)),
    dismiss() {
      const t = current;
      if (!t) return;
      clear();
      report(t, 'dismissed');
      if (t.ruleId) void engine?.dismiss(t.ruleId);
    },
    stop() {
      dead = true;
      engine?.stop();
      offs.forEach((f) => f());
    },
    keys: () => [key(STORE_KEY), TEASER],
  };
}
