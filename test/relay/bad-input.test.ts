// A broken or hostile client sends garbage; it gets told, and everyone else keeps chatting.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { ORIGIN, startHelpdesk, startRelay, testConfig, Visitor, type Helpdesk } from './helpers.js';

describe('bad input', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    helpdesk = await startHelpdesk();
    relay = await startRelay(testConfig(helpdesk.url, { limits: { maxFrameBytes: 4096, maxTextLength: 100 } }));
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  /** Another visitor can still chat end to end. */
  async function stillServing() {
    const { v } = await Visitor.join(relay.ws);
    v.send({ t: 'message', id: `still_ok_${Date.now()}`, text: 'still there?' });
    expect((await v.next((f) => f.t === 'ack' || f.t === 'nack')).t).toBe('ack');
    v.close();
  }

  it('malformed JSON and unknown t → error frames, and the same socket keeps working', async () => {
    const { v } = await Visitor.join(relay.ws);
    v.send('{"t":"message",');
    expect(await v.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame' });
    v.send({ t: 'teleport' });
    expect(await v.next((f) => f.t === 'error' && f.code === 'unknown_type')).toBeTruthy();
    v.send('[1,2,3]');
    v.send('null');
    v.send({ t: 'hello', page: { url: 'x' } });
    v.send({ t: 'ping' });
    await v.next((f) => f.t === 'pong');
    expect(v.frames.filter((f) => f.t === 'error')).toHaveLength(5);
    expect(v.closed).toBeNull();
    await stillServing();
    v.close();
  });

  it('a frame over maxFrameBytes closes that socket with 1009; others are served', async () => {
    const { v } = await Visitor.join(relay.ws);
    v.send({ t: 'message', id: 'huge_msg_0001', text: 'x'.repeat(5000) });
    expect((await v.whenClosed()).code).toBe(1009);
    await stillServing();
  });

  it('invalid UTF-8 closes with 1007', async () => {
    const { v } = await Visitor.join(relay.ws);
    // ws validates UTF-8 of text frames; send raw bytes flagged as text.
    v.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect((await v.whenClosed()).code).toBe(1007);
    await stillServing();
  });

  it('ids that are not nanoid-shaped → nack retryable:false; invalid content with a good id → nack too', async () => {
    const { v } = await Visitor.join(relay.ws);
    const before = helpdesk.of('message.created').length;
    v.send({ t: 'message', id: 'bad id with spaces', text: 'hi' });
    expect(await v.next((f) => f.t === 'nack' && f.id === 'bad id with spaces')).toMatchObject({ retryable: false });
    v.send({ t: 'message', id: 'short', text: 'hi' });
    expect(await v.next((f) => f.id === 'short')).toMatchObject({ t: 'nack', retryable: false });
    v.send({ t: 'message', id: 'good_id_00001', text: 'y'.repeat(101) });
    expect(await v.next((f) => f.id === 'good_id_00001')).toMatchObject({ t: 'nack', retryable: false });
    v.send({ t: 'message', id: 'good_id_00002', text: '   ' });
    expect(await v.next((f) => f.id === 'good_id_00002')).toMatchObject({ t: 'nack', retryable: false });
    v.send({ t: 'message', text: 'no id at all' });
    expect(await v.next((f) => f.t === 'error')).toMatchObject({ code: 'bad_frame' });
    expect(helpdesk.of('message.created').length).toBe(before);
    v.close();
  });

  it('binary frames, a second hello and a raw non-HTTP client do not crash anything', async () => {
    const { v } = await Visitor.join(relay.ws);
    v.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    v.send({ t: 'hello', page: { url: 'https://shop.example/' } });
    await new Promise<void>((resolve) => {
      const s = net.connect(relay.port, '127.0.0.1', () => s.end('GARBAGE \x00\x01\r\n\r\n'));
      s.resume();
      s.on('error', () => resolve());
      s.on('close', () => resolve());
    });
    // An upgrade that aborts mid-handshake.
    await new Promise<void>((resolve) => {
      const s = net.connect(relay.port, '127.0.0.1', () => {
        s.write(`GET /v1/ws?site=acme HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nOrigin: ${ORIGIN}\r\n`);
        s.destroy();
        resolve();
      });
      s.on('error', () => resolve());
    });
    // A socket that vanishes without a close frame.
    const rude = new WebSocket(`${relay.ws}/v1/ws?site=acme`, { origin: ORIGIN });
    rude.on('error', () => {});
    await new Promise((r) => rude.once('open', r));
    rude.terminate();
    await v.next((f) => f.t === 'error' && /hello/.test(f.message));
    expect(v.frames.filter((f) => f.t === 'error').length).toBe(2);
    await stillServing();
    v.close();
  });

  it('a helpdesk that hangs or resets connections yields nacks, not a crash', async () => {
    let mode: 'hang' | 'reset' = 'hang';
    const evil = net.createServer((s) => {
      s.on('error', () => {});
      if (mode === 'reset') s.resetAndDestroy();
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    const port = (evil.address() as net.AddressInfo).port;
    const r2 = await startRelay(testConfig(`http://127.0.0.1:${port}/`, {}, { webhookDelivery: { tries: 2, timeoutMs: 200, baseDelayMs: 10, maxDelayMs: 20 } }));
    const { v } = await Visitor.join(r2.ws);
    v.send({ t: 'message', id: 'hang_msg_0001', text: 'hello?' });
    expect(await v.next((f) => f.id === 'hang_msg_0001')).toMatchObject({ t: 'nack', retryable: true, reason: 'timeout' });
    mode = 'reset';
    v.send({ t: 'message', id: 'reset_msg_001', text: 'hello?' });
    expect(await v.next((f) => f.id === 'reset_msg_001')).toMatchObject({ t: 'nack', retryable: true });
    v.close();
    await r2.relay.close();
    evil.close();
  });
});
