// The agent console's page: renders the helpdesk state pushed over server-sent events.
let state = { visitors: [], agentsOnline: null };
let current = null;
const $ = (id) => document.getElementById(id);
const el = (tag, attrs, text) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
};
const post = (path, body) =>
  fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

function render() {
  const list = $('visitors');
  list.replaceChildren();
  for (const v of state.visitors) {
    const b = el('button', { 'data-visitor': v.id, 'aria-current': String(v.id === current || !!v.visitorIds?.includes(current)) });
    b.append(el('strong', {}, v.name || `Visitor ${v.id.slice(0, 6)}`), el('div', { class: 'muted' }, `${v.connections ? '● online' : '○ away'} · ${v.page?.url ?? ''}`));
    b.onclick = () => { current = v.id; render(); };
    list.append(b);
  }
  if (!current && state.visitors.length) current = state.visitors[state.visitors.length - 1].id;
  if (state.agentsOnline != null) $('online').checked = state.agentsOnline > 0;
  // A verified user's conversation spans visitor ids (devices): any of them finds it.
  const v = state.visitors.find((x) => x.id === current || x.visitorIds?.includes(current));
  const t = $('transcript');
  t.replaceChildren();
  if (!v) return;
  // Only userId is verified; name, email, phone and attributes are what the page or the visitor said.
  const said = [v.email, v.phone, ...Object.entries(v.attributes ?? {}).map(([k, x]) => `${k}: ${x}`)].filter((x) => x != null && x !== '');
  const cx = v.context ?? {};
  const from = [cx.device, cx.timeZone, cx.languages?.join(' '), cx.visits && `visit ${cx.visits}`, cx.utm && Object.values(cx.utm).join('/'), cx.landing && `landed on ${cx.landing}`].filter(Boolean);
  $('info').textContent = `${v.verified ? `verified user ${v.userId} · ` : ''}${said.length ? `says: ${said.join(', ')} · ` : ''}page: ${v.page?.title ?? ''} ${v.page?.url ?? ''}${from.length ? ` · ${from.join(' · ')}` : ''}`;
  const items = [...v.messages.map((m) => ({ ...m, kind: 'msg' })), ...v.timeline.map((e) => ({ ...e, kind: 'event' }))]
    .sort((a, b) => String(a.at).localeCompare(String(b.at)));
  for (const m of items) {
    if (m.kind === 'msg') {
      const d = el('div', { class: 'msg', 'data-from': m.from, 'data-id': m.id }, m.text);
      // An offline message carries who to answer and how: name, email, phone, and whether to call back.
      if (m.offline) {
        d.classList.add('offline');
        const who = [m.name, m.email, m.phone].filter(Boolean).join(' · ');
        d.prepend(el('div', { class: 'contact', 'data-offline-contact': '' }, `Left a message${who ? ` — ${who}` : ''}${m.callback ? ' · 📞 call back' : ''}`));
      }
      // Files: images inline, anything else a link; names are text, never markup.
      for (const a of m.attachments ?? []) {
        const link = el('a', { href: a.url, target: '_blank', rel: 'noopener', 'data-attachment': a.type }, /^image\//.test(a.type) ? null : `📎 ${a.name}${a.size != null ? ` (${Math.ceil(a.size / 1000)} KB)` : ''}`);
        if (/^image\//.test(a.type)) link.append(el('img', { src: a.url, alt: a.name, width: '160', loading: 'lazy' }));
        d.append(el('br'), link);
      }
      if (m.actions) d.append(el('div', { class: 'muted' }, `buttons: ${m.actions.map((x) => x.label).join(' | ')}`));
      if (m.replyTo) d.prepend(el('div', { class: 'muted' }, `↩ button ${m.replyTo.actionId}`));
      t.append(d);
      if (m.from === 'agent' && m.id === v.readUpTo) t.append(el('div', { class: 'event', 'data-event': 'read' }, 'seen by the visitor'));
    } else if (m.what === 'rated') {
      t.append(el('div', { class: 'event', 'data-event': 'rated' }, `rated ${'★'.repeat(m.score)}${'☆'.repeat(5 - m.score)} ${m.score}/5${m.text ? ` — “${m.text}”` : ''}`));
    } else t.append(el('div', { class: 'event', 'data-event': m.what }, `${m.what} ${m.page?.url ?? m.articleId ?? m.text ?? ''}${m.verified === false ? ' (unverified)' : ''}`));
  }
  t.scrollTop = t.scrollHeight;
  $('draft').textContent = v.draft ? `typing: ${v.draft}` : '';
  // The agent has this conversation open: what the visitor wrote is read (the server sends each once).
  if (!document.hidden && v.messages.some((m) => m.from === 'visitor')) post('/api/read', { visitorId: v.id });
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
/** The site's hours and open-now, by the relay's clock; asked again every half minute. */
async function showHours() {
  const h = await fetch('/api/hours').then((r) => r.json()).catch(() => null);
  if (!h) return;
  const when = h.opensAt ? ` · opens ${new Date(h.opensAt).toLocaleString()}` : '';
  $('open-now').textContent = h.open === false ? `Closed now${when}` : 'Open now';
  $('open-now').dataset.open = String(h.open !== false);
  const cfg = h.hours;
  $('hours').textContent = !cfg
    ? 'Hours: always open'
    : `Hours (${cfg.timeZone}): ${DAYS.map((d) => `${d} ${(cfg.weekly?.[d] ?? []).join(', ') || 'closed'}`).join('; ')}${cfg.closedDates?.length ? `; closed ${cfg.closedDates.join(', ')}` : ''}`;
}
showHours();
setInterval(showHours, 30_000);

$('resolve').onclick = () => current && post('/api/resolve', { visitorId: current });

new EventSource('/api/events').onmessage = (e) => { state = JSON.parse(e.data); render(); };

let typingTimer;
let typingSentAt = 0;
// The widget hides "agent is typing…" 6 s after the last refresh: refresh every 3 s while typing.
$('text').addEventListener('input', () => {
  if (!current) return;
  if (Date.now() - typingSentAt > 3000) {
    typingSentAt = Date.now();
    post('/api/typing', { visitorId: current, typing: true });
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => { typingTimer = null; typingSentAt = 0; post('/api/typing', { visitorId: current, typing: false }); }, 3000);
});
$('text').addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); $('reply').requestSubmit(); }
});
/** The chosen file, read as base64 and stored by the console, as the relay's messages call takes it. */
async function attachedFile() {
  const f = $('file').files[0];
  if (!f) return null;
  const data = await new Promise((resolve) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1]);
    r.readAsDataURL(f);
  });
  return post('/api/agent-file', { name: f.name, type: f.type, data });
}
$('reply').onsubmit = async (e) => {
  e.preventDefault();
  const file = $('file').files[0];
  // A file alone still needs words for the relay: its name.
  const text = $('text').value.trim() || file?.name || '';
  if (!text || !current) return;
  // "Theo dõi đơn hàng | Gặp nhân viên" becomes two quick-reply buttons.
  const actions = $('buttons').value.split('|').map((l) => l.trim()).filter(Boolean).map((label, i) => ({ id: `b${i + 1}`, label }));
  $('text').value = '';
  $('buttons').value = '';
  clearTimeout(typingTimer); typingTimer = null; typingSentAt = 0;
  const a = await attachedFile();
  $('file').value = '';
  await post('/api/reply', { visitorId: current, text, ...(a ? { attachments: [a] } : {}), ...(actions.length ? { actions } : {}) });
};
$('invite').onclick = () => {
  const text = $('text').value.trim() || 'Hi! Can I help you with anything?';
  if (current) post('/api/invite', { visitorId: current, text });
};
/** The relay's live list (every instance): who is on the site now, each with Invite. */
async function showLive() {
  const r = await fetch('/api/live').then((x) => x.json()).catch(() => null);
  if (!r?.visitors) return;
  $('live').replaceChildren(
    ...r.visitors.map((v) => {
      const row = el('div', { 'data-live': v.id });
      const b = el('button', { type: 'button', 'data-live-invite': v.id }, 'Invite');
      b.style.width = 'auto';
      b.onclick = () => post('/api/invite', { visitorId: v.id, text: $('text').value.trim() || 'Hi! Can I help you with anything?' });
      row.append(el('span', {}, `${v.name || v.id.slice(0, 6)}${v.verified ? ' ✓' : ''} · ${v.page?.title || v.page?.url || ''}${v.context?.device ? ` · ${v.context.device}` : ''}`), b);
      return row;
    }),
  );
  $('live-missing').textContent = r.missing ? `(missing: ${r.missing.join(', ')})` : '';
}
showLive();
setInterval(showLive, 5000);

$('online').onchange = (e) => post('/api/presence', { agentsOnline: e.target.checked ? 1 : 0 });
