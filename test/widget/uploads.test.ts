// @vitest-environment happy-dom
// A visitor's photo goes through the outbox: the relay is asked where it goes, the file goes straight
// there, then the message with its descriptor. Storage that keeps failing marks the message failed
// after three tries and the outbox moves on; Retry sends it again with its text and file.
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { staticChunks } from '../../widget/chunks/static.js';
import { Client } from '../../widget/core/client.js';
import { startFakeRelay, until, type FakeRelay } from './helpers/fake-relay.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A storage endpoint: records each upload's bytes and answers with `status()`. */
async function startStorage(status: () => number) {
  const puts: Buffer[] = [];
  const server: Server = createServer((req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'content-type' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      puts.push(Buffer.concat(chunks));
      res.writeHead(status(), cors).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, puts };
}

/** The relay answers each upload with a target at `storage` and a descriptor for it. */
function grant(relay: FakeRelay, storage: string) {
  relay.onUpload = (f, ws) =>
    ws.send(JSON.stringify({
      t: 'upload_ready',
      id: f.id,
      uploadUrl: `${storage}/put/${f.id}`,
      method: 'PUT',
      headers: { 'content-type': f.type },
      expiresAt: new Date(Date.now() + 600_000).toISOString(),
      attachment: { id: f.id, name: f.name, type: f.type, size: f.size, url: `${storage}/f/${f.id}`, exp: Math.floor(Date.now() / 1000) + 3600, sig: 'c2lnbmF0dXJlLW9mLXRoZS1yZWxheQ' },
    }));
}

let n = 0;
async function setup() {
  const relay = await startFakeRelay();
  cleanups.push(() => relay.close());
  const client = new Client({ relay: relay.url, site: `uploads${++n}-${Date.now()}`, WebSocket: WebSocket as any, fetchConfig: false, tabs: false, chunks: staticChunks, outbox: { minDelay: 20, maxDelay: 50 } });
  cleanups.push(() => client.destroy());
  await client.started;
  await relay.waitFor((f) => f.t === 'hello');
  return { relay, client };
}

const photo = () => new File([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], 'receipt.png', { type: 'image/png' });
const status = (c: Client, id: string) => c.conv.messages.find((m) => m.id === id)?.status;

describe('a visitor sends a photo', () => {
  it('upload → the bytes straight to storage → the message with the descriptor, acked', async () => {
    const { relay, client } = await setup();
    const storage = await startStorage(() => 200);
    grant(relay, storage.url);
    const id = client.attach(photo(), 'hoá đơn')!;
    expect(client.conv.messages.find((m) => m.id === id)?.attachments?.[0]).toMatchObject({ name: 'receipt.png', type: 'image/png', size: 7 });
    const up = await relay.waitFor((f) => f.t === 'upload');
    expect(up).toMatchObject({ name: 'receipt.png', type: 'image/png', size: 7 });
    const sent = await relay.waitFor((f) => f.t === 'message' && f.id === id);
    expect(sent.text).toBe('hoá đơn');
    expect(sent.attachments).toEqual([expect.objectContaining({ id: up.id, url: `${storage.url}/f/${up.id}`, size: 7 })]);
    expect(sent.file).toBeUndefined();
    expect(storage.puts.map((b) => [...b])).toEqual([[137, 80, 78, 71, 1, 2, 3]]);
    await until(() => status(client, id) === 'sent');
  });

  it('three failed uploads mark it failed and the outbox moves on; Retry sends it with its text and file', async () => {
    const { relay, client } = await setup();
    let answer = 500;
    const storage = await startStorage(() => answer);
    grant(relay, storage.url);
    const id = client.attach(photo(), 'ảnh lỗi')!;
    const next = client.send('and a question')!;
    await until(() => status(client, id) === 'failed', 10_000);
    expect(storage.puts).toHaveLength(3);
    // The message behind it was not held up.
    await until(() => status(client, next) === 'sent');
    expect(relay.frames.some((f) => f.t === 'message' && f.id === id)).toBe(false);

    answer = 200;
    client.retry(id);
    const sent = await relay.waitFor((f) => f.t === 'message' && f.id === id, 10_000);
    expect(sent.text).toBe('ảnh lỗi');
    expect(storage.puts.at(-1)!.length).toBe(7);
    await until(() => status(client, id) === 'sent');
  });

  it('a refusal the relay will not change its mind on (type_not_allowed) fails at once', async () => {
    const { relay, client } = await setup();
    relay.onUpload = (f, ws) => ws.send(JSON.stringify({ t: 'nack', id: f.id, retryable: false, reason: 'type_not_allowed' }));
    const id = client.attach(photo())!;
    await until(() => status(client, id) === 'failed');
    expect(relay.frames.filter((f) => f.t === 'upload')).toHaveLength(1);
  });
});
