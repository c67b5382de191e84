// A story is what a visitor does and sees, written once against engines/engine.ts and run by each
// engine's test file (test/e2e/chromium.test.ts, firefox.test.ts, webkit.test.ts) under its own name.
import type { Browser } from '../engines/engine.js';
import type { Demo } from '../browser.js';

export interface StoryContext {
  demo: Demo;
  browser: Browser;
  engine: 'chromium' | 'firefox' | 'webkit';
  /** Records a figure for the engine's summary line ("reply → screen 120 ms"). */
  figure(label: string, ms: number): void;
  /** Stops the relay (the demo site and the helpdesk stay up). */
  stopRelay(): Promise<void>;
  /** Starts the relay again on the same port with the same config. */
  startRelay(): Promise<void>;
}

export interface Story {
  name: string;
  timeoutMs?: number;
  run(ctx: StoryContext): Promise<void>;
}

/** The webhooks the helpdesk received of one type. */
export const received = (demo: Demo, type: string): any[] => demo.agent.received.filter((w: any) => w.type === type);

/**
 * The `message.created` webhooks for one text, one per `webhook-id`: delivery is at least once (a
 * message still unacked when its page went away is sent again by the next), and the helpdesk drops
 * a repeat by that id, as the example console does. Two here means two different messages.
 */
export const created = (demo: Demo, text: string): any[] => {
  const seen = new Set<string>();
  return received(demo, 'message.created').filter((w) => w.data.message.text === text && !seen.has(w.id) && !!seen.add(w.id));
};

/** Sends an agent reply through the relay's HTTP API, as a helpdesk does. */
export async function reply(demo: Demo, visitorId: string, text: string): Promise<void> {
  const res = await fetch(`${demo.relayUrl}/v1/sites/demo/visitors/${visitorId}/messages`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-api-secret-published-in-the-example-config', 'content-type': 'application/json' },
    body: JSON.stringify({ text, author: { name: 'Mai' } }),
  });
  if (res.status !== 202) throw new Error(`reply answered ${res.status}: ${await res.text()}`);
}
