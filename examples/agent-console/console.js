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
    const b = el('button', { 'data-visitor': v.id, 'aria-current': String(v.id === current) });
    b.append(el('strong', {}, v.name || `Visitor ${v.id.slice(0, 6)}`), el('div', { class: 'muted' }, `${v.connections ? '● online' : '○ away'} · ${v.page?.url ?? ''}`));
    b.onclick = () => { current = v.id; render(); };
    list.append(b);
  }
  if (!current && state.visitors.length) current = state.visitors[state.visitors.length - 1].id;
  if (state.agentsOnline != null) $('online').checked = state.agentsOnline > 0;
  const v = state.visitors.find((x) => x.id === current);
  const t = $('transcript');
  t.replaceChildren();
  if (!v) return;
  $('info').textContent = `${v.verified ? 'verified · ' : ''}${v.email ?? ''} page: ${v.page?.title ?? ''} ${v.page?.url ?? ''}`;
  const items = [...v.messages.map((m) => ({ ...m, kind: 'msg' })), ...v.timeline.map((e) => ({ ...e, kind: 'event' }))]
    .sort((a, b) => String(a.at).localeCompare(String(b.at)));
  for (const m of items) {
    if (m.kind === 'msg') t.append(el('div', { class: 'msg', 'data-from': m.from, 'data-id': m.id }, m.text));
    else t.append(el('div', { class: 'event' }, `${m.what} ${m.page?.url ?? m.articleId ?? m.text ?? ''}`));
  }
  t.scrollTop = t.scrollHeight;
  $('draft').textContent = v.draft ? `typing: ${v.draft}` : '';
}

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
$('reply').onsubmit = async (e) => {
  e.preventDefault();
  const text = $('text').value.trim();
  if (!text || !current) return;
  $('text').value = '';
  clearTimeout(typingTimer); typingTimer = null; typingSentAt = 0;
  await post('/api/reply', { visitorId: current, text });
};
$('invite').onclick = () => {
  const text = $('text').value.trim() || 'Hi! Can I help you with anything?';
  if (current) post('/api/invite', { visitorId: current, text });
};
$('online').onchange = (e) => post('/api/presence', { agentsOnline: e.target.checked ? 1 : 0 });
