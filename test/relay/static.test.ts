// A browser loads /parley.js (and the chunks it asks for later), caches them, and revalidates cheaply
// with their ETags; it downloads them brotli- or gzip-compressed, and keeps the hashed chunks for a year.
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawGet, startHelpdesk, startRelay, testConfig, type Helpdesk } from './helpers.js';

describe('/parley.js', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  const dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
  const file = join(dir, 'parley.js');

  beforeAll(async () => {
    writeFileSync(file, 'console.log("widget v1");');
    helpdesk = await startHelpdesk();
    relay = await startRelay(testConfig(helpdesk.url), { widgetFile: file });
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is served with an ETag and a 5-minute public cache; If-None-Match → 304; a new build → new ETag', async () => {
    const first = await fetch(`${relay.http}/parley.js`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/javascript/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(await first.text()).toBe('console.log("widget v1");');

    const again = await fetch(`${relay.http}/parley.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    writeFileSync(file, 'console.log("widget v2, longer");');
    const changed = await fetch(`${relay.http}/parley.js`, { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('v2');
  });

  it('serves the lazy chunks beside the widget with the same ETag and cache rules; an unknown name is a 404', async () => {
    writeFileSync(join(dir, 'parley-faq.js'), 'console.log("faq chunk");');
    const first = await fetch(`${relay.http}/parley-faq.js`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/javascript/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=300');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(await first.text()).toBe('console.log("faq chunk");');
    const again = await fetch(`${relay.http}/parley-faq.js`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);

    const missing = await fetch(`${relay.http}/parley-invitations.js`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('widget_missing');
    expect((await fetch(`${relay.http}/parley-other.js`)).status).toBe(404);
  });

  it('a missing bundle is a 404 JSON error, not a crash', async () => {
    const r2 = await startRelay(testConfig(helpdesk.url), { widgetFile: join(dir, 'missing.js') });
    const res = await fetch(`${r2.http}/parley.js`);
    expect(res.status).toBe(404);
    expect((await res.json()).error.code).toBe('widget_missing');
    await r2.relay.close();
  });
});

describe('compressed delivery', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  const dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
  const file = join(dir, 'parley.js');
  // Big and repetitive enough that both encodings pay off, as the real bundle does.
  const source = `console.log(${JSON.stringify('Xin chào, chúng tôi có thể giúp gì? '.repeat(300))});`;
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => rawGet(`${relay.http}${path}`, headers, method);

  beforeAll(async () => {
    writeFileSync(file, source);
    helpdesk = await startHelpdesk();
    relay = await startRelay(testConfig(helpdesk.url), { widgetFile: file });
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a browser that takes brotli gets brotli, one that takes only gzip gets gzip, any other the file as it is', async () => {
    const br = await get('/parley.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(source.length / 5);
    expect(brotliDecompressSync(br.body).toString()).toBe(source);

    const gz = await get('/parley.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Accept-Encoding');
    expect(gunzipSync(gz.body).toString()).toBe(source);

    const plain = await get('/parley.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.body.toString()).toBe(source);

    // Each encoding is its own representation, with its own ETag, all short-cached.
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    for (const r of [br, gz, plain]) expect(r.headers['cache-control']).toBe('public, max-age=300');

    // HEAD says what GET would send, without the body.
    const head = await get('/parley.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['content-length']).toBe(br.headers['content-length']);
    expect(head.body.length).toBe(0);
  });

  it.each([
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0.5, br;q=0.4', 'gzip'],
    ['gzip;q=0.5, br;q=0.5', 'br'],
    ['GZIP', 'gzip'],
    ['*', 'br'],
    ['br;q=0, *;q=0.3', 'gzip'],
    ['identity', 'identity'],
    ['gzip;q=0.2, identity', 'identity'],
    ['deflate, zstd', 'identity'],
    ['br;q=0, gzip;q=0, *;q=0', 'identity'],
    ['br;q=nonsense, gzip', 'gzip'],
    ['', 'identity'],
  ])('Accept-Encoding "%s" is answered with %s (q-values honoured)', async (accept, want) => {
    const r = await get('/parley.js', { 'accept-encoding': accept });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding'] ?? 'identity').toBe(want);
    const decoded = want === 'br' ? brotliDecompressSync(r.body) : want === 'gzip' ? gunzipSync(r.body) : r.body;
    expect(decoded.toString()).toBe(source);
  });

  it('revalidates per encoding: its own ETag gives a 304 with the same headers; another encoding\'s ETag gets the full file', async () => {
    const br = await get('/parley.js', { 'accept-encoding': 'br' });
    const again = await get('/parley.js', { 'accept-encoding': 'br', 'if-none-match': br.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(br.headers.etag);
    expect(again.headers['content-encoding']).toBe('br');
    expect(again.headers.vary).toBe('Accept-Encoding');

    // A cache holding the brotli copy asks for a client that takes gzip only: it gets gzip.
    const gz = await get('/parley.js', { 'accept-encoding': 'gzip', 'if-none-match': br.headers.etag! });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(source);
  });

  it('sends the build\'s precompressed copies as they are, and ignores one left over from an older build', async () => {
    const chunk = join(dir, 'parley-ui.js');
    const ui = `export const ui = ${JSON.stringify('Bảng trò chuyện '.repeat(200))};`;
    // Quality 1 and level 1: not what the relay would make itself, so the bytes tell where they came from.
    const br = brotliCompressSync(ui, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } });
    const gz = gzipSync(ui, { level: 1 });
    writeFileSync(chunk, ui);
    writeFileSync(chunk + '.br', br);
    writeFileSync(chunk + '.gz', gz);
    expect((await get('/parley-ui.js', { 'accept-encoding': 'br' })).body.equals(br)).toBe(true);
    expect((await get('/parley-ui.js', { 'accept-encoding': 'gzip' })).body.equals(gz)).toBe(true);

    // A new plain file beside the old .br and .gz: serving those would run last release's code.
    const ui2 = ui.replace('ui =', 'ui2 =');
    writeFileSync(chunk, ui2 + ' ');
    const fresh = await get('/parley-ui.js', { 'accept-encoding': 'br' });
    expect(fresh.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(fresh.body).toString()).toBe(ui2 + ' ');
    const freshGz = await get('/parley-ui.js', { 'accept-encoding': 'gzip' });
    expect(gunzipSync(freshGz.body).toString()).toBe(ui2 + ' ');
  });

  it('a chunk under its content-hashed name is cached for a year, immutable; its plain name and parley.js for 5 minutes', async () => {
    const body = `register(${JSON.stringify('core '.repeat(500))});`;
    writeFileSync(join(dir, 'parley-core.js'), body);
    writeFileSync(join(dir, 'parley-core.0123456789ab.js'), body);
    const hashed = await get('/parley-core.0123456789ab.js', { 'accept-encoding': 'gzip, br' });
    expect(hashed.status).toBe(200);
    expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(hashed.headers['content-type']).toMatch(/javascript/);
    expect(hashed.headers['content-encoding']).toBe('br');
    expect(hashed.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(hashed.body).toString()).toBe(body);
    const again = await get('/parley-core.0123456789ab.js', { 'accept-encoding': 'gzip, br', 'if-none-match': hashed.headers.etag! });
    expect(again.status).toBe(304);

    expect((await get('/parley-core.js')).headers['cache-control']).toBe('public, max-age=300');
    expect((await get('/parley.js')).headers['cache-control']).toBe('public, max-age=300');

    // A hash no build wrote, or a name outside the widget's files, is a 404.
    expect((await get('/parley-core.ffffffffffff.js')).status).toBe(404);
    expect((await get('/parley-other.0123456789ab.js')).status).toBe(404);
    expect((await get('/parley-core.0123456789ab.js.br')).status).toBe(404);
  });
});

describe('the built widget over the wire', () => {
  it('parley.js and every chunk it names travel brotli-compressed from the build\'s copies; the hashed names exist', async () => {
    const helpdesk = await startHelpdesk();
    const relay = await startRelay(testConfig(helpdesk.url));
    try {
      const shell = await rawGet(`${relay.http}/parley.js`, { 'accept-encoding': 'gzip, deflate, br' });
      expect(shell.headers['content-encoding']).toBe('br');
      expect(shell.body.equals(readFileSync('dist/parley.js.br'))).toBe(true);
      const raw = readFileSync('dist/parley.js');
      expect(shell.body.length).toBeLessThan(raw.length / 2);
      const names = [...raw.toString().matchAll(/(core|ui|faq|invitations):"([0-9a-f]{12})"/g)].map((m) => `parley-${m[1]}.${m[2]}.js`);
      expect(names).toHaveLength(4);
      for (const name of names) {
        const r = await rawGet(`${relay.http}/${name}`, { 'accept-encoding': 'gzip, deflate, br' });
        expect(r.status, name).toBe(200);
        expect(r.headers['cache-control']).toBe('public, max-age=31536000, immutable');
        expect(brotliDecompressSync(r.body).equals(readFileSync(`dist/${name}`))).toBe(true);
      }
    } finally {
      await relay.relay.close();
      await helpdesk.close();
    }
  });
});
