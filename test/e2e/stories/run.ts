// Runs every story in one engine: one demo (relay, site, helpdesk on ports the OS picks) and one
// browser for the file, a fresh profile per story, each story a test named after it. The figures
// collected go out as one line per engine.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createRelay } from '../../../relay/index.js';
import { startDemo } from '../../../examples/start.mjs';
import type { Demo } from '../browser.js';
import type { Browser, Engine, Profile } from '../engines/engine.js';
import { STORIES } from './all.js';
import type { StoryContext } from './story.js';

/** Registers the stories for `engine` as tests. */
export function runStories(engine: Engine): void {
  let demo: Demo;
  let browser: Browser;
  let config: any;
  let relay: { close(): Promise<void>; listen(port: number, host: string): Promise<number> } | null = null;
  const figures: string[] = [];

  beforeAll(async () => {
    demo = await startDemo({ relayPort: 0, sitePort: 0, consolePort: 0, tweak: (c: any) => (config = c) });
    relay = demo.relay;
    browser = await engine.launch();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    // The demo closes the relay it started; one started again by a story is closed here.
    if (relay && relay !== demo?.relay) await relay.close();
    await demo?.close();
    if (figures.length) console.log(`${browser?.version ?? engine.name}: ${figures.join(', ')}`);
  });

  describe(engine.name, () => {
    for (const story of STORIES) {
      it(story.name, async () => {
        const port = Number(new URL(demo.relayUrl).port);
        // Profiles a story leaves open (it failed half-way) are closed after it: WebKit allows one at a time.
        const open = new Set<Profile>();
        let stopped = false;
        const tracked: Browser = {
          version: browser.version,
          close: () => browser.close(),
          async profile() {
            const p = await browser.profile();
            const wrapped: Profile = { tab: (url) => p.tab(url), close: () => (open.delete(wrapped), p.close()) };
            open.add(wrapped);
            return wrapped;
          },
        };
        const ctx: StoryContext = {
          demo,
          browser: tracked,
          engine: engine.name,
          figure: (label, ms) => figures.push(`${label} ${ms} ms`),
          async stopRelay() {
            stopped = true;
            await relay?.close();
          },
          async startRelay() {
            const next = createRelay(config);
            await next.listen(port, '127.0.0.1');
            relay = next;
            stopped = false;
          },
        };
        try {
          await story.run(ctx);
        } finally {
          for (const p of open) await p.close().catch(() => {});
          // A story that failed with the relay down must not fail the ones after it.
          if (stopped) await ctx.startRelay();
        }
      }, story.timeoutMs ?? 90_000);
    }
  });
}
