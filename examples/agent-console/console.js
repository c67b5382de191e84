// The agent console's page. It gets a snapshot, then one small diff per change over server-sent
// events, and patches only what changed: a webhook for another visitor never moves the agent's
// focus, never scrolls a transcript they scrolled up, and never re-renders the open transcript.
const $ = (id) => document.getElementById(id);
const el = (tag, attrs, text) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
};

// The per-start token comes in the URL's fragment (never sent to a server, never in a log) and is
// kept for reloads of this tab only.
const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
if (fromHash) {
  sessionStorage.setItem('parley.console.token', fromHash);
  history.replaceState(null, '', location.pathname);
}
const token = sessionStorage.getItem('parley.console.token') ?? '';
const api = (path, body) =>
  fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-console-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then((r) => r.json());

let lang = localStorage.getItem('parley.console.lang') || (navigator.language?.toLowerCase().startsWith('vi') ? 'vi' : 'en');
const t = (k) => window.CONSOLE_I18N[lang][k] ?? window.CONSOLE_I18N.en[k] ?? k;

/** key -> {h: header, messages, timeline, unread, row} */
const convs = new Map();
/** key -> the reply being written to that visitor. */
const drafts = new Map();
let current = null;
let presence = { agentsOnline: null, hours: null };

const time = (at) => (at ? new Date(at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }) : '');
const day = (at) => (at ? new Date(at).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' }) : '');

/** A readable name: what the visitor or the site said, else where they are from. */
function label(h) {
  if (h.name) return h.name;
  if (h.email) return h.email;
  if (h.phone) return h.phone;
  const place = h.context?.timeZone?.split('/').pop()?.replaceAll('_', ' ');
  return [t('visitor'), place, h.context?.device].filter(Boolean).join(' · ');
}

/** Text with its http(s) links made clickable: text nodes and anchors, never markup from the visitor. */
function linkify(parent, text) {
  const re = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
  let last = 0;
  for (const m of String(text ?? '').matchAll(re)) {
    parent.append(document.createTextNode(text.slice(last, m.index)));
    parent.append(el('a', { href: m[0], target: '_blank', rel: 'noopener noreferrer' }, m[0]));
    last = m.index + m[0].length;
  }
  parent.append(document.createTextNode(String(text ?? '').slice(last)));
  return parent;
}

// ---- the list of conversations ----

function row(c) {
  if (!c.row) {
    const b = el('button', { type: 'button' });
    b.append(el('span', { class: 'who' }), el('span', { class: 'badge', 'data-unread': '' }), el('div', { class: 'muted where' }));
    b.onclick = () => show(c.h.key);
    c.row = b;
  }
  const b = c.row;
  b.dataset.visitor = c.h.id;
  b.dataset.key = c.h.key;
  b.setAttribute('aria-current', String(c.h.key === current));
  b.querySelector('.who').textContent = `${label(c.h)}${c.h.verified ? ' ✓' : ''}`;
  const badge = b.querySelector('.badge');
  badge.textContent = c.unread ? String(c.unread) : '';
  badge.hidden = !c.unread;
  badge.setAttribute('aria-label', `${c.unread} ${t('unread')}`);
  b.querySelector('.where').textContent = `${c.h.connections ? t('onlineNow') : t('away')} · ${time(c.h.lastAt)} · ${c.h.page?.title || c.h.page?.url || ''}`;
  return b;
}

/** Puts the rows in order of last activity, moving only those out of place, and keeps focus where it was. */
function sortList() {
  const list = $('visitors');
  const focused = document.activeElement;
  const order = [...convs.values()].sort((a, b) => String(b.h.lastAt).localeCompare(String(a.h.lastAt)));
  $('no-visitors').hidden = order.length > 0;
  order.forEach((c, i) => {
    const r = row(c);
    if (list.children[i] !== r) list.insertBefore(r, list.children[i] ?? null);
  });
  if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus({ preventScroll: true });
  const total = order.reduce((n, c) => n + c.unread, 0);
  document.title = total ? `(${total}) ${t('title')}` : t('title');
}

// ---- the open conversation ----

function show(key) {
  if (current) drafts.set(current, $('text').value);
  current = key;
  const c = convs.get(key);
  if (!c) return;
  c.unread = 0;
  for (const x of convs.values()) row(x);
  sortList();
  $('text').value = drafts.get(key) ?? '';
  $('text').disabled = false;
  renderTranscript(c);
  renderInfo(c);
  markRead(c);
}

function renderInfo(c) {
  const h = c.h;
  const cx = h.context ?? {};
  const said = Object.entries({ email: h.email, phone: h.phone, ...(h.attributes ?? {}) }).filter(([, v]) => v != null && v !== '').map(([k, v]) => `${k}: ${v}`);
  const from = [cx.utm?.source && `utm ${[cx.utm.source, cx.utm.medium, cx.utm.campaign].filter(Boolean).join('/')}`, cx.landing && `${t('landed')} ${cx.landing}`, cx.visits && `${cx.visits} ${t('visits')}`, cx.device, cx.languages?.join(', '), cx.timeZone].filter(Boolean);
  const info = $('info');
  info.replaceChildren(el('strong', {}, label(h)), document.createTextNode(h.verified ? ` · ${t('verified')} ${h.userId}` : ''));
  if (said.length) info.append(el('div', {}, `${t('says')}: ${said.join(', ')}`));
  const pageLine = el('div', {}, `${t('page')}: ${h.page?.title ?? ''} `);
  if (h.page?.url) linkify(pageLine, h.page.url);
  info.append(pageLine);
  if (from.length) info.append(el('div', {}, from.join(' · ')));
  $('draft').textContent = h.preview ? `${t('typing')}${h.preview}` : '';
}

function itemNode(m) {
  if (m.kind === 'msg') {
    const d = el('div', { class: 'msg', 'data-from': m.from, 'data-id': m.id });
    const meta = el('div', { class: 'meta' }, `${m.from === 'agent' ? m.author?.name ?? '' : ''} ${time(m.at)}`.trim());
    meta.title = day(m.at);
    // An offline message carries who to answer and how: name, email, phone, and whether to call back.
    if (m.offline) {
      d.classList.add('offline');
      const who = [m.name, m.email, m.phone].filter(Boolean).join(' · ');
      d.append(el('div', { class: 'contact', 'data-offline-contact': '' }, `${t('leftMessage')}${who ? ` — ${who}` : ''}${m.callback ? ` · ${t('callBack')}` : ''}`));
    }
    if (m.replyTo) d.append(el('div', { class: 'muted' }, `${t('buttonPressed')} ${m.replyTo.actionId}`));
    linkify(d.appendChild(el('div', { class: 'text' })), m.text);
    // Files: images inline, anything else a link; names are text, never markup.
    for (const a of m.attachments ?? []) {
      const image = /^image\//.test(a.type);
      const link = el('a', { href: a.url, target: '_blank', rel: 'noopener', 'data-attachment': a.type }, image ? null : `📎 ${a.name}${a.size != null ? ` (${Math.ceil(a.size / 1000)} KB)` : ''}`);
      if (image) link.append(el('img', { src: a.url, alt: a.name, width: '160', loading: 'lazy' }));
      d.append(link);
    }
    if (m.actions) d.append(el('div', { class: 'muted' }, `${t('buttonsShown')}: ${m.actions.map((x) => x.label).join(' | ')}`));
    d.append(meta);
    return d;
  }
  const text =
    m.what === 'rated'
      ? `${t('rated')} ${'★'.repeat(m.score)}${'☆'.repeat(5 - m.score)} ${m.score}/5${m.text ? ` — “${m.text}”` : ''}`
      : `${m.what} ${m.page?.url ?? m.articleId ?? m.text ?? ''}${m.verified === false ? ` ${t('unverified')}` : ''}`;
  const e = el('div', { class: 'event', 'data-event': m.what }, `${time(m.at)} · ${text}`);
  e.title = day(m.at);
  return e;
}

/** The whole transcript, drawn only when the agent opens a conversation. */
function renderTranscript(c) {
  const tr = $('transcript');
  const items = [...c.messages.map((m) => ({ ...m, kind: 'msg' })), ...c.timeline.map((e) => ({ ...e, kind: 'event' }))].sort((a, b) => String(a.at).localeCompare(String(b.at)));
  tr.replaceChildren(...items.map(itemNode));
  placeReadMarker(c);
  tr.scrollTop = tr.scrollHeight;
}

/** One new message or event at the end; follows it down only if the agent was already at the bottom. */
function appendItem(c, item) {
  const tr = $('transcript');
  const atBottom = tr.scrollHeight - tr.scrollTop - tr.clientHeight < 40;
  tr.append(itemNode(item));
  placeReadMarker(c);
  if (atBottom) tr.scrollTop = tr.scrollHeight;
}

function placeReadMarker(c) {
  const tr = $('transcript');
  const old = tr.querySelector('[data-event="read"]');
  const target = c.h.readUpTo && tr.querySelector(`.msg[data-from="agent"][data-id="${CSS.escape(c.h.readUpTo)}"]`);
  if (old && old.previousElementSibling === target) return;
  old?.remove();
  if (target) target.after(el('div', { class: 'event', 'data-event': 'read' }, t('seen')));
}

/** The agent has this conversation open: what the visitor wrote is read (the server sends each once). */
function markRead(c) {
  if (!document.hidden && c.messages.some((m) => m.from === 'visitor' && !m.offline)) api('/api/read', { visitorId: c.h.id });
}
document.addEventListener('visibilitychange', () => current && convs.get(current) && markRead(convs.get(current)));

// ---- the KPI strip, from what this console received ----

function kpis() {
  const all = [...convs.values()].map((c) => c.h);
  const times = all.map((h) => h.firstResponseMs).filter((x) => x != null);
  const avg = times.length ? times.reduce((a, b) => a + b, 0) / times.length : null;
  const missed = all.filter((h) => h.waitingSince && h.firstResponseMs == null).length;
  const ratings = all.map((h) => h.rating).filter((x) => x != null);
  const fmt = (ms) => (ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`);
  $('kpi-first').textContent = avg == null ? '—' : fmt(avg);
  $('kpi-missed').textContent = String(missed);
  $('kpi-sat').textContent = ratings.length ? `${(ratings.reduce((a, b) => a + b, 0) / ratings.length).toFixed(1)}/5 (${ratings.length})` : '—';
}

// ---- the stream ----

function beep() {
  if (!$('sound').checked) return;
  const ctx = new AudioContext();
  const o = ctx.createOscillator();
  o.frequency.value = 880;
  o.connect(ctx.destination);
  o.start();
  o.stop(ctx.currentTime + 0.12);
}

const events = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
events.addEventListener('snapshot', (e) => {
  const s = JSON.parse(e.data);
  presence = { agentsOnline: s.agentsOnline, hours: s.hours };
  const rows = new Map([...convs].map(([k, c]) => [k, c]));
  convs.clear();
  $('visitors').replaceChildren();
  for (const v of s.visitors) {
    const { messages, timeline, ...h } = v;
    // Unread at first sight: what the visitor wrote since the agent last answered.
    const lastAgent = messages.findLastIndex((m) => m.from === 'agent');
    const unread = rows.get(h.key)?.unread ?? messages.slice(lastAgent + 1).filter((m) => m.from === 'visitor').length;
    convs.set(h.key, { h, messages, timeline, unread, row: rows.get(h.key)?.row });
  }
  for (const c of convs.values()) row(c);
  sortList();
  kpis();
  showPresence();
  if (current && convs.has(current)) show(current);
  else if (!current && convs.size) show([...convs.values()].sort((a, b) => String(b.h.lastAt).localeCompare(String(a.h.lastAt)))[0].h.key);
});
events.addEventListener('conversation', (e) => {
  const h = JSON.parse(e.data);
  let c = convs.get(h.key);
  if (!c) convs.set(h.key, (c = { h, messages: [], timeline: [], unread: 0 }));
  c.h = h;
  row(c);
  sortList();
  kpis();
  if (h.key === current) {
    renderInfo(c);
    placeReadMarker(c);
  } else if (!current) show(h.key);
});
events.addEventListener('item', (e) => {
  const { key, list, item } = JSON.parse(e.data);
  let c = convs.get(key);
  if (!c) convs.set(key, (c = { h: { key, id: key, lastAt: item.at }, messages: [], timeline: [], unread: 0 }));
  c[list].push(item);
  const fromVisitor = list === 'messages' && item.from === 'visitor';
  if (key === current) {
    appendItem(c, { ...item, kind: list === 'messages' ? 'msg' : 'event' });
    if (fromVisitor) markRead(c);
    if (fromVisitor && document.hidden) beep();
  } else if (fromVisitor) {
    c.unread++;
    beep();
  }
});
events.addEventListener('removed', (e) => {
  const { key } = JSON.parse(e.data);
  convs.get(key)?.row?.remove();
  convs.delete(key);
  drafts.delete(key);
  sortList();
});
events.addEventListener('presence', (e) => {
  presence = JSON.parse(e.data);
  showPresence();
});

function showPresence() {
  if (presence.agentsOnline != null) $('online').checked = presence.agentsOnline > 0;
}

// ---- hours ----

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** The site's hours, presence and open-now, by the relay's clock; asked again every half minute. */
async function showHours() {
  const h = await api('/api/hours').catch(() => null);
  if (!h || h.error) return;
  if (h.agentsOnline != null) {
    presence.agentsOnline = h.agentsOnline;
    showPresence();
  }
  const when = h.opensAt ? ` · ${t('opens')} ${new Date(h.opensAt).toLocaleString(lang)}` : '';
  $('open-now').textContent = h.open === false ? `${t('closedNow')}${when}` : t('openNow');
  $('open-now').dataset.open = String(h.open !== false);
  const cfg = h.hours;
  $('hours').textContent = !cfg
    ? t('alwaysOpen')
    : `${t('hours')} (${cfg.timeZone}): ${DAYS.map((d) => `${d} ${(cfg.weekly?.[d] ?? []).join(', ') || t('closed')}`).join('; ')}${cfg.closedDates?.length ? `; ${t('closed')} ${cfg.closedDates.join(', ')}` : ''}`;
}
setInterval(showHours, 30_000);

// ---- the agent's actions ----

const agentName = () => $('agent-name').value.trim() || t('defaultAgent');
$('agent-name').value = localStorage.getItem('parley.console.agentName') ?? '';
$('agent-name').addEventListener('change', () => localStorage.setItem('parley.console.agentName', $('agent-name').value.trim()));
const visitorIdOf = (key) => convs.get(key)?.h.id;

$('resolve').onclick = () => current && api('/api/resolve', { visitorId: visitorIdOf(current) });

let typingTimer;
let typingSentAt = 0;
let typingTo = null;
const stopTyping = () => {
  clearTimeout(typingTimer);
  typingTimer = null;
  typingSentAt = 0;
  if (typingTo) api('/api/typing', { visitorId: typingTo, typing: false });
  typingTo = null;
};
// The widget hides "agent is typing…" 6 s after the last refresh: refresh every 3 s while typing.
$('text').addEventListener('input', () => {
  if (!current) return;
  drafts.set(current, $('text').value);
  const to = visitorIdOf(current);
  if (typingTo && typingTo !== to) stopTyping();
  if (Date.now() - typingSentAt > 3000) {
    typingSentAt = Date.now();
    typingTo = to;
    api('/api/typing', { visitorId: to, typing: true });
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(stopTyping, 3000);
});
$('text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    $('reply').requestSubmit();
  }
});
/** The chosen file, read as base64 and stored by the console, as the relay's messages call takes it. */
async function attachedFile(f) {
  if (!f) return null;
  const data = await new Promise((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1]);
    r.readAsDataURL(f);
  });
  return api('/api/agent-file', { name: f.name, type: f.type, data });
}
$('reply').onsubmit = async (e) => {
  e.preventDefault();
  // Captured now: switching visitors while the file uploads must not redirect this reply.
  const key = current;
  const visitorId = visitorIdOf(key);
  const file = $('file').files[0];
  // A file alone goes without words.
  const text = $('text').value.trim();
  if ((!text && !file) || !visitorId) return;
  // "Theo dõi đơn hàng | Gặp nhân viên" becomes two quick-reply buttons.
  const actions = $('buttons').value.split('|').map((l) => l.trim()).filter(Boolean).map((label, i) => ({ id: `b${i + 1}`, label }));
  $('text').value = '';
  drafts.delete(key);
  $('buttons').value = '';
  $('file').value = '';
  stopTyping();
  const a = await attachedFile(file);
  await api('/api/reply', { visitorId, ...(text ? { text } : {}), author: { name: agentName() }, ...(a ? { attachments: [a] } : {}), ...(actions.length ? { actions } : {}) });
};
const inviteText = () => $('invite-text').value.trim() || t('defaultInvite');
$('invite').onclick = () => current && api('/api/invite', { visitorId: visitorIdOf(current), text: inviteText(), author: { name: agentName() } });

/** The relay's live list (every instance): who is on the site now, each with Invite; rows patched in place. */
async function showLive() {
  const r = await api('/api/live').catch(() => null);
  if (!r?.visitors) return;
  const live = $('live');
  const rows = new Map([...live.children].map((n) => [n.dataset.live, n]));
  r.visitors.forEach((v, i) => {
    let n = rows.get(v.id);
    if (!n) {
      n = el('div', { 'data-live': v.id });
      const b = el('button', { type: 'button', 'data-live-invite': v.id }, t('invite'));
      b.onclick = () => api('/api/invite', { visitorId: v.id, text: inviteText(), author: { name: agentName() } });
      n.append(el('span'), b);
    }
    rows.delete(v.id);
    n.firstChild.textContent = `${v.name || label({ context: v.context })}${v.verified ? ' ✓' : ''} · ${v.page?.title || v.page?.url || ''}`;
    if (live.children[i] !== n) live.insertBefore(n, live.children[i] ?? null);
  });
  for (const n of rows.values()) n.remove();
  $('live-missing').textContent = r.missing ? `(${t('missing')}: ${r.missing.join(', ')})` : '';
}
setInterval(showLive, 5000);

$('online').onchange = (e) => api('/api/presence', { agentsOnline: e.target.checked ? 1 : 0 });

// ---- language ----

function applyLabels() {
  document.documentElement.lang = lang;
  for (const n of document.querySelectorAll('[data-t]')) n.textContent = t(n.dataset.t);
  for (const n of document.querySelectorAll('[data-t-placeholder]')) n.placeholder = t(n.dataset.tPlaceholder);
  for (const n of document.querySelectorAll('[data-t-label]')) n.setAttribute('aria-label', t(n.dataset.tLabel));
  $('agent-name').placeholder = `${t('agentName')} (${t('defaultAgent')})`;
  $('lang').value = lang;
  for (const c of convs.values()) row(c);
  sortList();
  if (current && convs.get(current)) show(current);
  showHours();
  showLive();
}
$('lang').onchange = () => {
  lang = $('lang').value;
  localStorage.setItem('parley.console.lang', lang);
  applyLabels();
};
applyLabels();
