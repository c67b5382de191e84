// `npm start`: the relay, the demo site (two pages) and the agent console, all on loopback with the
// config in examples/parley.config.json. Also used by the end-to-end tests, on ports chosen by the OS.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger, createRelay, loadConfig } from '../dist/relay/index.js';
import { startConsole } from './agent-console/server.mjs';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const types = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.js': 'text/javascript' };

/** The policy of the strict demo page: scripts and connections only from itself and the relay. */
function strictCsp(relay) {
  const ws = relay.replace(/^http/, 'ws');
  return `default-src 'self'; script-src 'self' ${relay}; style-src 'self'; connect-src 'self' ${relay} ${ws}; img-src 'self' data: https:; object-src 'none'; base-uri 'none'`;
}

/** Serves examples/demo-site with the relay's URL written into the snippet. */
async function startSite({ port, host, relayUrl }) {
  const server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = path === '/' ? 'index.html' : path.slice(1);
    if (!/^[\w-]+(\.[0-9a-f]{12})?\.(html|css|js)$/.test(file)) return res.writeHead(404).end('not found');
    try {
      // A site that hosts the widget itself copies every dist/parley*.js beside its pages (self-hosted.html, consent.html).
      const from = /^parley[\w-]*(\.[0-9a-f]{12})?\.js$/.test(file) ? `../dist/${file}` : `./demo-site/${file}`;
      let body = await readFile(here(from), 'utf8');
      body = body.replaceAll('%RELAY%', relayUrl());
      const headers = { 'content-type': types[extname(file)], 'cache-control': 'no-store' };
      // strict.html proves the widget needs no inline script, inline style or eval.
      if (file === 'strict.html') headers['content-security-policy'] = strictCsp(relayUrl());
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((r) => server.listen(port, host, r));
  return { server, url: `http://${host}:${server.address().port}` };
}

/**
 * Starts relay, demo site and agent console; ports 0 let the OS choose.
 * @param {{ relayPort?: number, sitePort?: number, consolePort?: number, host?: string, env?: Record<string, string | undefined>, configFile?: string, tweak?: (config: any) => void }} [options]
 */
export async function startDemo({ relayPort, sitePort = 8788, consolePort = 8789, host = '127.0.0.1', env = process.env, configFile = here('./parley.config.json'), tweak } = {}) {
  const config = loadConfig({ file: configFile, env });
  const site = config.sites[0];
  let relayUrl = '';
  const siteServer = await startSite({ port: sitePort, host, relayUrl: () => relayUrl });
  const agent = await startConsole({ port: consolePort, host, site: site.id, apiSecret: site.apiSecret, webhookSecret: site.webhook.secret, hours: () => site.hours });
  const sitePortBound = siteServer.server.address().port;
  site.origins = [...new Set([...site.origins, `http://127.0.0.1:${sitePortBound}`, `http://localhost:${sitePortBound}`])];
  site.webhook.url = `${agent.url}/webhooks`;
  tweak?.(config);
  // The relay's JSON log lines only when asked for, so the launcher's own lines stay readable.
  const relay = createRelay(config, env.PARLEY_LOG_LEVEL ? { logger: createLogger(env.PARLEY_LOG_LEVEL) } : {});
  const port = await relay.listen(relayPort ?? config.port ?? 8787, host);
  relayUrl = `http://${host}:${port}`;
  agent.setRelayUrl?.(relayUrl);
  return {
    relay,
    relayUrl,
    siteUrl: siteServer.url,
    consoleUrl: agent.url,
    /** The console's page with its per-start token in the fragment: what an agent opens. */
    consolePageUrl: agent.pageUrl,
    agent,
    async close() {
      await relay.close();
      await agent.close();
      siteServer.server.closeAllConnections?.();
      await new Promise((r) => siteServer.server.close(r));
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const demo = await startDemo({ relayPort: Number(process.env.PORT) || undefined });
  const ready = await Promise.all([`${demo.relayUrl}/healthz`, demo.siteUrl, demo.consoleUrl].map((u) => fetch(u).then((r) => r.ok)));
  console.log(`Parley demo is running (all three answered in ${Math.round(performance.now() - t0)} ms: ${ready.every(Boolean) ? 'ok' : 'NOT ok'})
  relay:         ${demo.relayUrl}
  demo site:     ${demo.siteUrl}
  agent console: ${demo.consolePageUrl}
Open the demo site, click the chat bubble and say "xin chào"; answer from the agent console (its URL carries
this start's token; the console refuses calls without it). Ctrl+C stops.`);
  const stop = () => demo.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
