// A widget mounted against a fresh fake relay, torn down after each test: the setup every widget
// test that only needs "a ready widget with this site config" shares.
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { createWidget, type ParleyWidget } from '../../../widget/index.js';
import { startFakeRelay, type FakeRelay } from './fake-relay.js';

/**
 * Registers the teardown and returns `start(options)`: a new fake relay with `options`, a widget on it
 * (its own site id, so no state carries over; memory storage), resolved once the widget is ready.
 */
export function widgetOnFakeRelay(sitePrefix: string): (options?: Parameters<typeof startFakeRelay>[0]) => Promise<{ relay: FakeRelay; widget: ParleyWidget }> {
  let relay: FakeRelay | null = null;
  let widget: ParleyWidget | null = null;
  let n = 0;
  afterEach(async () => {
    widget?.destroy();
    widget = null;
    await relay?.close();
    relay = null;
  });
  return async (options) => {
    const r = (relay = await startFakeRelay(options));
    document.body.innerHTML = '';
    const w = (widget = createWidget({ relay: r.url, site: `${sitePrefix}${++n}`, storage: 'memory', WebSocket: WebSocket as any }));
    await new Promise<void>((ok) => w.on('ready', () => ok()));
    return { relay: r, widget: w };
  };
}
