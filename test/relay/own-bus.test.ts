// A team runs the relay on a bus of its own that offers only publish, subscribe and close (no
// unsubscribe(topic, handler)): visitors are still reached while connected, and each one's
// subscription is undone when they leave, so the bus does not fill with visitors long gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryBus, type Bus, type BusHandler } from '../../relay/index.js';
import { callApi, eventually, startHelpdesk, startRelay, testConfig, Visitor, type Helpdesk } from './helpers.js';

/** The least a bus must do, on top of the in-memory one; counts the topics subscribed now. */
function minimalBus(): Bus & { live: Set<string> } {
  const inner = new MemoryBus();
  const live = new Set<string>();
  return {
    live,
    publish: (topic, event) => inner.publish(topic, event),
    subscribe(topic: string, handler: BusHandler) {
      live.add(topic);
      const undo = inner.subscribe(topic, handler);
      return () => {
        live.delete(topic);
        undo();
      };
    },
    close: () => inner.close(),
  };
}

describe('a bus of your own', () => {
  let helpdesk: Helpdesk;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  const bus = minimalBus();

  beforeAll(async () => {
    helpdesk = await startHelpdesk();
    relay = await startRelay(testConfig(helpdesk.url), { bus });
  });
  afterAll(async () => {
    await relay.relay.close();
    await helpdesk.close();
  });

  it("reaches a connected visitor, and drops the visitor's subscription once they leave", async () => {
    const { v, welcome } = await Visitor.join(relay.ws);
    const topic = [...bus.live].find((t) => t.endsWith(welcome.visitorId));
    expect(topic).toBeDefined();
    const push = (text: string) => callApi(relay.http, `/v1/sites/acme/visitors/${welcome.visitorId}/messages`, { text });
    expect((await push('Chào bạn')).body).toMatchObject({ delivered: true });
    expect(await v.next((f) => f.t === 'message' && f.from === 'agent')).toMatchObject({ text: 'Chào bạn' });
    v.close();
    await v.whenClosed();
    await eventually(async () => !bus.live.has(topic!), 5000, "the visitor's topic unsubscribed");
    expect((await push('còn đó không?')).body).toMatchObject({ delivered: false });
  });
});
