// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createWidget, type ParleyWidget } from '../../widget/index.js';
import { startFakeRelay, until, type FakeRelay } from './helpers/fake-relay.js';
import { $, $$, host, tick } from './helpers/dom.js';

// happy-dom replaces the global URL, so the fixture path is resolved without it.
const FAQ = readFileSync(fileURLToPath(import.meta.url).replace(/widget[\\/]faq-ui\.test\.tsx$/, 'fixtures/faq.json'), 'utf8');

let relay: FakeRelay;
let faq: { server: Server; url: string; requests: number };
let widget: ParleyWidget | null = null;
let n = 0;

/** Serves the FAQ fixture (as `{articles}` or a bare array), or fails with 500. */
async function startFaqServer(mode: 'wrapped' | 'bare' | 'fail'): Promise<typeof faq> {
  const state = { server: null as unknown as Server, url: '', requests: 0 };
  state.server = createServer((req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' });
      res.end();
      return;
    }
    state.requests++;
    if (mode === 'fail') {
      res.writeHead(500, { 'access-control-allow-origin': '*' });
      res.end('boom');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(mode === 'bare' ? FAQ : `{"articles":${FAQ}}`);
  });
  await new Promise<void>((r) => state.server.listen(0, '127.0.0.1', () => r()));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/faq.json`;
  return state;
}

async function setup(mode: 'wrapped' | 'bare' | 'fail' = 'wrapped') {
  faq = await startFaqServer(mode);
  relay = await startFakeRelay({ config: { site: 'faq', faqUrl: faq.url } });
  widget = createWidget({ relay: relay.url, site: `faq${++n}`, storage: 'memory', WebSocket: WebSocket as any });
  await new Promise<void>((r) => widget!.on('ready', () => r()));
  await relay.waitFor((f) => f.t === 'hello');
  return widget;
}

beforeEach(() => {
  document.body.innerHTML = '';
  document.documentElement.lang = '';
});

afterEach(async () => {
  widget?.destroy();
  widget = null;
  await relay?.close();
  await new Promise<void>((r) => faq.server.close(() => r()));
});

const composer = () => $('[data-parley="composer"]') as HTMLTextAreaElement;

function type(text: string) {
  const ta = composer();
  ta.value = text;
  ta.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Presses a key in the composer and lets Preact render the result. */
async function key(k: string) {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
  composer().dispatchEvent(e);
  await tick(20);
  return e;
}

const ids = () => $$('[data-parley="suggestion"]').map((el) => el.dataset.articleId);
const faqFrames = () => relay.frames.filter((f) => f.t === 'faq').map((f) => `${f.articleId}:${f.action}`);

describe('FAQ suggestions in the widget', () => {
  it('fetches nothing at page load; the first open fetches once; "doi mat khau" suggests the password article', async () => {
    const w = await setup();
    await tick(200);
    expect(faq.requests).toBe(0);
    w.open();
    await until(() => faq.requests === 1);
    type('do');
    await tick(200);
    expect($('[data-parley="suggestions"]')).toBeNull();
    type('doi mat khau');
    const list = await until(() => $('[data-parley="suggestions"]'));
    expect(list.getAttribute('role')).toBe('listbox');
    expect(ids()[0]).toBe('password-vi');
    expect(ids().length).toBeLessThanOrEqual(3);
    expect($('[role="status"][aria-live="polite"]')!.textContent).toMatch(/^\d suggested articles?/);
    expect(composer().getAttribute('aria-controls')).toBe(list.id);
    // Updates as the visitor types, and the index is built from the one fetch.
    type('how do I track my order');
    await until(() => ids()[0] === 'track-en');
    expect(faq.requests).toBe(1);
  });

  it('the first keystroke fetches the FAQ when the panel was never opened by the visitor (inline panel)', async () => {
    faq = await startFaqServer('bare');
    relay = await startFakeRelay({ config: { site: 'faq', faqUrl: faq.url } });
    const box = document.createElement('div');
    document.body.appendChild(box);
    widget = createWidget({ relay: relay.url, site: `faq${++n}`, storage: 'memory', WebSocket: WebSocket as any, container: box });
    await new Promise<void>((r) => widget!.on('ready', () => r()));
    await tick(200);
    expect(faq.requests).toBe(0);
    type('cach doi mat khau');
    await until(() => ids()[0] === 'password-vi');
    expect(faq.requests).toBe(1);
  });

  it('arrow keys move through the list, Enter opens the highlighted article and reports it viewed', async () => {
    const w = await setup();
    w.open();
    type('doi mat khau');
    await until(() => $('[data-parley="suggestions"]'));
    const count = ids().length;
    expect(count).toBeGreaterThan(1);
    expect((await key('ArrowDown')).defaultPrevented).toBe(true);
    expect($('[data-parley="suggestion"][aria-selected="true"]')!.dataset.articleId).toBe(ids()[0]);
    expect(composer().getAttribute('aria-activedescendant')).toBe($('[data-parley="suggestion"][aria-selected="true"]')!.id);
    await key('ArrowDown');
    expect($('[data-parley="suggestion"][aria-selected="true"]')!.dataset.articleId).toBe(ids()[1]);
    await key('ArrowUp');
    await key('ArrowUp');
    // Above the first: the last one (wraps), as listboxes do.
    await key('ArrowUp');
    expect($('[data-parley="suggestion"][aria-selected="true"]')!.dataset.articleId).toBe(ids()[count - 1]);
    await key('ArrowDown');
    expect($('[data-parley="suggestion"][aria-selected="true"]')!.dataset.articleId).toBe(ids()[0]);
    await key('Enter');
    const answer = await until(() => $('[data-parley="faq-answer"]'));
    expect(answer.dataset.articleId).toBe('password-vi');
    expect(answer.textContent).toContain('Cách đổi mật khẩu');
    // Focus moves in an effect, which runs after the answer is drawn: on a loaded machine, later.
    await until(() => host().shadowRoot!.activeElement === answer);
    await until(() => faqFrames().length === 1);
    expect(faqFrames()).toEqual(['password-vi:viewed']);
    // Enter opened the article: nothing was sent as a chat message and the draft is still there.
    expect(relay.frames.filter((f) => f.t === 'message')).toHaveLength(0);
    expect(composer().value).toBe('doi mat khau');
  });

  it('"This answered my question" sends helpful', async () => {
    const w = await setup();
    w.open();
    type('doi mat khau');
    (await until(() => $('[data-parley="suggestion"]'))).click();
    (await until(() => $('[data-parley="faq-helpful"]'))).click();
    await until(() => faqFrames().length === 2);
    expect(faqFrames()).toEqual(['password-vi:viewed', 'password-vi:helpful']);
    expect($('[data-parley="faq-answer"]')).toBeNull();
    expect($('[data-parley="suggestions"]')).toBeNull();
  });

  it('"I still need help" sends not_helpful and returns to the composer with the draft intact; Enter then sends it', async () => {
    const w = await setup();
    w.open();
    type('doi mat khau khong duoc');
    await until(() => $('[data-parley="suggestions"]'));
    await key('ArrowDown');
    await key('Enter');
    (await until(() => $('[data-parley="faq-not-helpful"]'))).click();
    await until(() => faqFrames().length === 2);
    expect(faqFrames()[1]).toMatch(/:not_helpful$/);
    expect($('[data-parley="faq-answer"]')).toBeNull();
    expect($('[data-parley="suggestions"]')).toBeNull();
    expect(composer().value).toBe('doi mat khau khong duoc');
    expect(host().shadowRoot!.activeElement).toBe(composer());
    await key('Enter');
    await until(() => relay.frames.find((f) => f.t === 'message'));
    expect(relay.frames.filter((f) => f.t === 'message').map((f) => f.text)).toEqual(['doi mat khau khong duoc']);
  });

  it('Enter without a highlighted suggestion sends the message; Escape closes the list, not the panel', async () => {
    const w = await setup();
    w.open();
    type('doi mat khau');
    await until(() => $('[data-parley="suggestions"]'));
    expect((await key('Escape')).defaultPrevented).toBe(true);
    expect($('[data-parley="suggestions"]')).toBeNull();
    expect($('[role="dialog"]')).not.toBeNull();
    type('doi mat khau di');
    await until(() => $('[data-parley="suggestions"]'));
    await key('Enter');
    await until(() => relay.frames.find((f) => f.t === 'message'));
    expect(relay.frames.filter((f) => f.t === 'message').map((f) => f.text)).toEqual(['doi mat khau di']);
    await tick(200);
    expect($('[data-parley="suggestions"]')).toBeNull();
    expect(faqFrames()).toEqual([]);
  });

  it('answers render as text with safe links and kept line breaks', async () => {
    faq = await startFaqServer('bare');
    const evil = [{ id: 'evil-1', question: 'Đổi mật khẩu', answer: 'Xem https://shop.example/pw.\n<img src=x onerror=alert(1)> javascript:alert(1)' }];
    faq.server.removeAllListeners('request');
    faq.server.on('request', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(JSON.stringify(evil));
    });
    relay = await startFakeRelay({ config: { site: 'faq', faqUrl: faq.url } });
    widget = createWidget({ relay: relay.url, site: `faq${++n}`, storage: 'memory', WebSocket: WebSocket as any });
    await new Promise<void>((r) => widget!.on('ready', () => r()));
    widget.open();
    type('doi mat khau');
    (await until(() => $('[data-parley="suggestion"]'))).click();
    const answer = await until(() => $('[data-parley="faq-answer"] .faq-text'));
    expect(answer.querySelectorAll('img')).toHaveLength(0);
    const links = answer.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://shop.example/pw');
    expect(answer.textContent).toBe(evil[0]!.answer);
  });

  it('a failing faqUrl shows nothing and raises no error', async () => {
    const w = await setup('fail');
    const errors: unknown[] = [];
    w.on('error', (e) => errors.push(e));
    w.open();
    await until(() => faq.requests === 1);
    type('doi mat khau');
    await tick(300);
    expect($('[data-parley="suggestions"]')).toBeNull();
    expect(errors).toEqual([]);
    expect(composer().value).toBe('doi mat khau');
  });

  it('nonsense shows no list', async () => {
    const w = await setup();
    w.open();
    type('doi mat khau');
    await until(() => $('[data-parley="suggestions"]'));
    type('zzqx wvvk plf');
    await tick(300);
    expect($('[data-parley="suggestions"]')).toBeNull();
    expect($('[role="status"][aria-live="polite"]')!.textContent).toBe('');
  });
});
