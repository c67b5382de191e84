// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { startFakeRelay, until, type FakeRelay } from './helpers/fake-relay.js';
import { $, $$, host } from './helpers/dom.js';

let relay: FakeRelay;
const w = window as any;
const appendChild = document.head.appendChild;

/**
 * The script tag loads its core and UI as sibling files; happy-dom loads no script files, so each
 * chunk <script> it adds is answered with the chunk's source module, which hands its exports over
 * exactly as the built file does, then its load event.
 */
function serveChunks() {
  document.head.appendChild = function <T extends Node>(this: HTMLHeadElement, node: T): T {
    const m = node instanceof HTMLScriptElement && /parley-(\w+)\.js$/.exec(node.src);
    if (!m) return appendChild.call(this, node) as T;
    const s = node as unknown as HTMLScriptElement;
    void import(`../../widget/chunks/${m[1]}.ts`).then(() => (s.onload as () => void)());
    return node;
  };
}

beforeEach(async () => {
  relay = await startFakeRelay();
  w.WebSocket = WebSocket;
  localStorage.clear();
  document.body.innerHTML = '';
  delete w.Parley;
  vi.resetModules();
  serveChunks();
});

afterEach(async () => {
  document.head.appendChild = appendChild;
  try {
    await w.Parley?.('shutdown');
  } catch {}
  await relay.close();
});

function snippet(site = 'acme') {
  // The two-line snippet from the design: the stub, then the script tag.
  w.Parley = w.Parley || function (...args: unknown[]) { (w.Parley.q = w.Parley.q || []).push(args); };
  const s = document.createElement('script');
  s.dataset.site = site;
  s.dataset.relay = relay.url;
  // Where the chunks are found; happy-dom does not load the file itself.
  s.setAttribute('src', `${relay.url}/parley.js`);
  document.body.appendChild(s);
}

async function load() {
  await import('../../widget/embed.js');
}

describe('script tag', () => {
  it('replays commands queued before it loaded, in order, then fires parley:ready', async () => {
    snippet();
    const stub = w.Parley;
    const log: string[] = [];
    w.Parley('on', 'ready', () => log.push('ready'));
    w.Parley('on', 'open', () => log.push('open'));
    w.Parley('open');
    w.Parley('send', 'first');
    w.Parley('send', 'second');
    const ready = new Promise<void>((r) => window.addEventListener('parley:ready', () => r(), { once: true }));
    await load();
    await ready;
    expect(w.Parley).not.toBe(stub);
    await until(() => log.includes('ready'));
    expect(log).toEqual(['open', 'ready']);
    expect($('[role="dialog"]')).not.toBeNull();
    const texts = $$('[data-parley="message"][data-from="visitor"] .text').map((e) => e.textContent);
    expect(texts).toEqual(['first', 'second']);
    // And they really reach the relay, in that order.
    await until(() => relay.frames.filter((f) => f.t === 'message').length === 2);
    expect(relay.frames.filter((f) => f.t === 'message').map((f) => f.text)).toEqual(['first', 'second']);
    expect(relay.frames[0]._path).toBe('/v1/ws?site=acme');
  });

  it('works without the stub (CSP: script tag alone) and announces parley:ready', async () => {
    snippet();
    delete w.Parley;
    let fired = 0;
    window.addEventListener('parley:ready', () => fired++);
    await load();
    expect(fired).toBe(1);
    expect(typeof w.Parley).toBe('function');
    const onReady = vi.fn();
    w.Parley('on', 'ready', onReady);
    await until(() => onReady.mock.calls.length === 1);
  });

  it('adds exactly one host element; all of its DOM lives in the shadow root', async () => {
    snippet();
    const before = Array.from(document.body.children);
    await load();
    w.Parley('open');
    // The panel is drawn in a task after its file arrives: waited for, not timed.
    await until(() => $('[data-parley="composer"]'));
    const added = Array.from(document.body.children).filter((e) => !before.includes(e));
    expect(added).toHaveLength(1);
    expect(added[0]).toBe(host());
    expect(host().children).toHaveLength(0);
    expect(document.querySelectorAll('[data-parley], [role="dialog"], textarea, button')).toHaveLength(0);
    expect($('[data-parley="bubble"]')).not.toBeNull();
    expect($('[data-parley="composer"]')).not.toBeNull();
    expect(Object.keys(w).filter((k) => /parley/i.test(k))).toEqual(['Parley']);
  });

  it('follows single-page-app navigation with page frames', async () => {
    snippet();
    // Queued on the stub like a page's own call: the widget reports when the relay has welcomed it.
    let online = false;
    w.Parley('on', 'status', (st: { connection: string }) => (online = st.connection === 'online'));
    await load();
    await relay.waitFor((f) => f.t === 'hello');
    await until(() => online);
    history.pushState({}, '', '/pricing');
    const page = await relay.waitFor((f) => f.t === 'page');
    expect(page.url).toMatch(/\/pricing$/);
    history.replaceState({}, '', '/pricing');
    history.pushState({}, '', '/docs');
    await relay.waitFor((f) => f.t === 'page' && /\/docs$/.test(f.url));
    expect(relay.frames.filter((f) => f.t === 'page')).toHaveLength(2);
  });

  it('shutdown disconnects, removes the widget and wipes its local data', async () => {
    snippet();
    await load();
    w.Parley('send', 'private');
    await until(() => Object.keys(localStorage).some((k) => k.startsWith('parley:acme')));
    await w.Parley('shutdown');
    expect(document.querySelector('[data-parley-host]')).toBeNull();
    expect(Object.keys(localStorage).filter((k) => k.startsWith('parley:acme'))).toEqual([]);
    await until(() => relay.sockets.size === 0);
  });
});
