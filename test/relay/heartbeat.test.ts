// A visitor's network vanishes (the phone goes into a tunnel): the relay notices by its heartbeat,
// closes the socket and tells the helpdesk, while a visitor whose browser answers stays connected.
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN, startHelpdesk, startRelay, testConfig, until, Visitor, type Helpdesk } from './helpers.js';

describe('heartbeat', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;

  beforeAll(async () => {
    helpdesk = await startHelpdesk();
    relay = await startRelay(testConfig(helpdesk.url, {}, { http: { heartbeatMs: 200 } }));
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  it('a socket that stops answering pings is closed and the helpdesk hears visitor.disconnected; one that answers stays', async () => {
    const { v: lan, welcome: lanWelcome } = await Visitor.join(relay.ws);
    let lanPings = 0;
    lan.ws.on('ping', () => lanPings++);

    // A socket whose peer is gone answers no ping: a client that does not pong behaves the same.
    const gone = new Visitor(new WebSocket(`${relay.ws}/v1/ws?site=acme`, { origin: ORIGIN, autoPong: false }));
    await gone.opened;
    gone.send({ t: 'hello', page: { url: 'https://shop.example/', title: 'Shop' }, locale: 'vi' });
    const { visitorId } = await gone.next((f) => f.t === 'welcome');

    await gone.whenClosed();
    await until(() => helpdesk.of('visitor.disconnected').some((w) => w.body.data.visitor.id === visitorId), 5000, 'visitor.disconnected for the vanished visitor');

    // Lan's browser answered every ping: still connected several beats later, and still heard.
    const seen = lanPings;
    await until(() => lanPings >= seen + 3, 5000, 'three more pings to the visitor who answers');
    expect(lan.closed).toBeNull();
    expect(helpdesk.of('visitor.disconnected').some((w) => w.body.data.visitor.id === lanWelcome.visitorId)).toBe(false);
    lan.send({ t: 'message', id: 'msg_after_heartbeats_1', text: 'Vẫn ở đây' });
    expect(await lan.next((f) => f.t === 'ack' && f.id === 'msg_after_heartbeats_1')).toEqual({ t: 'ack', id: 'msg_after_heartbeats_1' });
    lan.close();
  });

  it('a heartbeat outside its bounds is refused at start, naming the option', async () => {
    const { createRelay } = await import('../../relay/index.js');
    expect(() => createRelay(testConfig(helpdesk.url, {}, { http: { heartbeatMs: 10 } }))).toThrow(/http\.heartbeatMs/);
  });
});
