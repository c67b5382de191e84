// A browser loads /parley.js (and the chunks it asks for later), caches them, and revalidates cheaply with their ETags.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHelpdesk, startRelay, testConfig, type Helpdesk } from './helpers.js';

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
