// @vitest-environment happy-dom
// The FAQ search and the rules engine arrive as chunks; one that fails to load costs the visitor that
// feature only: no suggestions, no rule invitations, no error, and the chat works as before.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { staticChunks } from '../../widget/chunks/static.js';
import { scriptChunks } from '../../widget/chunks/script.js';
import type { Chunks } from '../../widget/core/chunks.js';
import { createWidgetWith, type ParleyWidget } from '../../widget/create.js';
import { startFakeRelay, until, type FakeRelay } from './helpers/fake-relay.js';
import { $, $$, tick, typeAndEnter } from './helpers/dom.js';

// happy-dom replaces the global URL, so the fixture path is resolved without it.
const FAQ = JSON.parse(readFileSync(fileURLToPath(import.meta.url).replace(/widget[\\/]chunks\.test\.ts$/, 'fixtures/faq.json'), 'utf8'));

let relay: FakeRelay | null = null;
let widget: ParleyWidget | null = null;
let n = 0;

// The UI itself always arrives: these tests are about the framework-free chunks.
const failing: Chunks = { faq: () => Promise.reject(new Error('blocked')), invitations: () => Promise.reject(new Error('blocked')), ui: staticChunks.ui, core: staticChunks.core, uploads: staticChunks.uploads };
const missing: Chunks = { faq: () => Promise.resolve(null), invitations: () => Promise.resolve(null), ui: staticChunks.ui, core: staticChunks.core, uploads: staticChunks.uploads };

let faqServer: Server | null = null;
let faqRequests = 0;

/** A widget whose site has an FAQ (served over loopback) and one rule that shows at once; `asked` logs chunk requests. */
async function setup(chunks: Chunks, asked: string[] = []) {
  faqRequests = 0;
  faqServer = createServer((_req, res) => {
    faqRequests++;
    res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
    res.end(JSON.stringify({ articles: FAQ }));
  });
  await new Promise<void>((r) => faqServer!.listen(0, '127.0.0.1', () => r()));
  const faqUrl = `http://127.0.0.1:${(faqServer.address() as AddressInfo).port}/faq.json`;
  relay = await startFakeRelay({ config: { site: 'chunks', faqUrl, invitations: [{ id: 'now', text: 'Need a hand?', conditions: {} }] } });
  const counted: Chunks = {
    faq: () => (asked.push('faq'), chunks.faq()),
    invitations: () => (asked.push('invitations'), chunks.invitations()),
    ui: chunks.ui,
    core: chunks.core,
    uploads: chunks.uploads,
  };
  widget = createWidgetWith({ relay: relay.url, site: `chunks${++n}`, storage: 'memory', WebSocket: WebSocket as any }, counted);
  return widget;
}

async function teardown() {
  widget?.destroy();
  widget = null;
  await relay?.close();
  relay = null;
  const srv = faqServer;
  faqServer = null;
  if (srv) await new Promise<void>((r) => srv.close(() => r()));
}

/** Types into the composer as a visitor would, without sending. */
function type(text: string) {
  const ta = $('[data-parley="composer"]') as HTMLTextAreaElement;
  ta.value = text;
  ta.dispatchEvent(new Event('input', { bubbles: true }));
}

beforeEach(() => {
  document.body.innerHTML = '';
});

afterEach(teardown);

it('a rules engine chunk that fails to load: no invitation, no error, the chat still sends', async () => {
  const asked: string[] = [];
  const errors: unknown[] = [];
  const invitations: unknown[] = [];
  const w = await setup(failing, asked);
  w.on('error', (e) => errors.push(e));
  w.on('invitation', (e) => invitations.push(e));
  await new Promise<void>((r) => w.on('ready', () => r()));
  await until(() => asked.includes('invitations'));
  await tick(300);
  expect($('[data-parley="teaser"]')).toBeNull();
  expect(invitations).toEqual([]);
  w.open();
  await tick(20);
  typeAndEnter('still here');
  await relay!.waitFor((f) => f.t === 'message' && f.text === 'still here');
  expect(errors).toEqual([]);
});

it('the same rule with the engine available does show (the test above proves something)', async () => {
  const w = await setup(staticChunks);
  await new Promise<void>((r) => w.on('ready', () => r()));
  await until(() => $('[data-parley="teaser"]'), 5000);
});

it('a site without rules never asks for the rules engine', async () => {
  const asked: string[] = [];
  relay = await startFakeRelay({ config: { site: 'chunks' } });
  widget = createWidgetWith({ relay: relay.url, site: `chunks${++n}`, storage: 'memory', WebSocket: WebSocket as any }, {
    faq: () => (asked.push('faq'), staticChunks.faq()),
    invitations: () => (asked.push('invitations'), staticChunks.invitations()),
    ui: staticChunks.ui,
    core: staticChunks.core,
    uploads: staticChunks.uploads,
  });
  await new Promise<void>((r) => widget!.on('ready', () => r()));
  await relay.waitFor((f) => f.t === 'hello');
  await tick(300);
  expect(asked).toEqual([]);
});

it('a FAQ chunk that fails or never hands over: no suggestions and no error, the chat still sends', async () => {
  for (const chunks of [failing, missing]) {
    const asked: string[] = [];
    const errors: unknown[] = [];
    const w = await setup(chunks, asked);
    w.on('error', (e) => errors.push(e));
    await new Promise<void>((r) => w.on('ready', () => r()));
    w.open();
    await until(() => asked.includes('faq') && faqRequests > 0);
    type('doi mat khau');
    await tick(400);
    expect($$('[data-parley="suggestion"]')).toEqual([]);
    typeAndEnter('doi mat khau');
    await relay!.waitFor((f) => f.t === 'message' && f.text === 'doi mat khau');
    expect(errors).toEqual([]);
    await teardown();
  }
});

it('the same FAQ with the search chunk available does suggest (the test above proves something)', async () => {
  const w = await setup(staticChunks);
  await new Promise<void>((r) => w.on('ready', () => r()));
  w.open();
  await tick(50);
  type('doi mat khau');
  await until(() => $$('[data-parley="suggestion"]').length > 0, 5000);
});

it('the script tag loads a chunk from beside parley.js; a 404 or a file that hands nothing over resolves null', async () => {
  relay = await startFakeRelay();
  const script = document.createElement('script');
  script.setAttribute('src', `${relay.url}/parley.js`);
  const lazy = scriptChunks(script);
  const before = document.head.querySelectorAll('script').length;
  expect(await lazy.chunks.faq()).toBeNull();
  // Asked once per page: a failed chunk is not fetched again on every keystroke.
  expect(await lazy.chunks.faq()).toBeNull();
  expect(document.head.querySelectorAll('script').length).toBe(before);

  // As a browser runs a chunk file: it hands its exports to Parley.chunk, then the load event fires.
  const exports = { createInvitationEngine: () => null };
  const head = document.head;
  const append = head.appendChild;
  let src = '';
  head.appendChild = ((el: HTMLScriptElement) => {
    src = el.src;
    lazy.receive('invitations', exports);
    el.onload?.(new Event('load'));
    return el;
  }) as typeof head.appendChild;
  try {
    expect(await lazy.chunks.invitations()).toBe(exports);
  } finally {
    head.appendChild = append;
  }
  expect(src).toBe(`${relay.url}/parley-invitations.js`);
});
