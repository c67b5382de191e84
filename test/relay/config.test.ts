// A backend team starts the relay from a config file or env; mistakes stop it with the field named.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, createRelay, loadConfig, worstCaseDeliveryMs } from '../../relay/index.js';
import { DEFAULT_RATES } from '../../protocol/config.js';
import { WEBHOOK_SECRET } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'parley-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SECRET = 'a-relay-token-secret-of-32-characters';
const API_KEY = 'an-api-secret-of-at-least-32-characters';
const goodSite = {
  id: 'acme',
  origins: ['https://shop.example'],
  apiSecret: API_KEY,
  webhook: { url: 'http://127.0.0.1:9/hooks', secret: WEBHOOK_SECRET },
};
const writeConfig = (name: string, c: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof c === 'string' ? c : JSON.stringify(c));
  return file;
};

function fieldOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).code).toBe('config_invalid');
    return (e as ConfigError).field;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('a file plus env overrides: env wins, defaults are filled in', () => {
    const file = writeConfig('ok.json', { secret: 'from-file-a-relay-secret-of-32-chars', port: 8787, sites: [goodSite] });
    const c = loadConfig({ file, env: { PARLEY_SECRET: 'from-env-a-relay-secret-of-32-chars', PORT: '9000', PARLEY_ORIGINS: 'https://a.example, https://*.b.example' } });
    expect(c.secret).toEqual(['from-env-a-relay-secret-of-32-chars']);
    expect(c.port).toBe(9000);
    expect(c.sites[0]!.origins).toEqual(['https://a.example', 'https://*.b.example']);
    expect(c.sites[0]!.limits).toEqual({
      maxFrameBytes: 65536,
      maxTextLength: 5000,
      messagesPerMinute: 60,
      connectionsPerIp: 200,
      rates: DEFAULT_RATES,
      addressRateFactor: 20,
      abuseFactor: 4,
      helloTimeoutMs: 10_000,
      readIntervalMs: 2000,
    });
    expect(c.webhookDelivery).toEqual({ tries: 3, timeoutMs: 5000, baseDelayMs: 250, maxDelayMs: 2000, maxSockets: 16, maxQueued: 1000, deadlineMs: 19_000 });
  });

  it('env alone configures one site', () => {
    const c = loadConfig({
      env: {
        PARLEY_SITE: 'solo',
        PARLEY_ORIGINS: 'https://solo.example',
        PARLEY_WEBHOOK_URL: 'https://helpdesk.example/parley',
        PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET,
        PARLEY_API_SECRET: API_KEY,
        PARLEY_SECRET: SECRET,
        PARLEY_METRICS_TOKEN: 'a-metrics-token-from-env',
      },
    });
    expect(c.sites.map((s) => s.id)).toEqual(['solo']);
    expect(c.metricsToken).toBe('a-metrics-token-from-env');
    expect(c.sites[0]!.webhook.url).toBe('https://helpdesk.example/parley');
  });

  it('each mistake names its field', () => {
    const base = { secret: SECRET, sites: [goodSite] };
    const cases: [unknown, string][] = [
      [{ sites: [goodSite] }, 'secret'],
      [{ ...base, secret: [SECRET, ''] }, 'secret[1]'],
      [{ ...base, secret: 'short' }, 'secret'],
      [{ ...base, sites: [{ ...goodSite, apiSecret: 'api' }] }, 'sites[0].apiSecret'],
      [{ ...base, sites: [{ ...goodSite, webhook: { url: 'http://x', secret: 'whsec_' + Buffer.from('eleven bytes').toString('base64') } }] }, 'sites[0].webhook.secret'],
      [{ ...base, demo: true, host: '0.0.0.0' }, 'host'],
      [{ ...base, sites: [] }, 'sites'],
      [{ ...base, sites: [{ ...goodSite, origins: ['shop.example'] }] }, 'sites[0].origins[0]'],
      [{ ...base, sites: [{ ...goodSite, webhook: { url: 'ftp://x', secret: WEBHOOK_SECRET } }] }, 'sites[0].webhook.url'],
      [{ ...base, sites: [{ ...goodSite, webhook: { url: 'http://x', secret: 'whsec_***' } }] }, 'sites[0].webhook.secret'],
      [{ ...base, sites: [{ ...goodSite, apiSecret: '' }] }, 'sites[0].apiSecret'],
      [{ ...base, sites: [{ ...goodSite, limits: { maxTextLength: -1 } }] }, 'sites[0].limits.maxTextLength'],
      [{ ...base, sites: [{ ...goodSite, limits: { maxTextLen: 10 } }] }, 'sites[0].limits.maxTextLen'],
      [{ ...base, sites: [goodSite, goodSite] }, 'sites[1].id'],
      [{ ...base, sites: [{ ...goodSite, typingPreview: { sensitivePatterns: ['('] } }] }, 'sites[0].typingPreview.sensitivePatterns[0]'],
      [{ ...base, webhookDelivery: { tries: 0 } }, 'webhookDelivery.tries'],
      [{ ...base, redisUrl: 'http://127.0.0.1:6379' }, 'redisUrl'],
      [{ ...base, redisUrl: 'not a url' }, 'redisUrl'],
      [{ ...base, metricsToken: 'too-short' }, 'metricsToken'],
    ];
    for (const [c, field] of cases) {
      expect(fieldOf(() => loadConfig({ file: writeConfig('bad.json', c), env: {} }))).toBe(field);
      expect(fieldOf(() => createRelay(c as never))).toBe(field);
    }
    expect(fieldOf(() => loadConfig({ file: writeConfig('broken.json', '{"secret": '), env: {} }))).toBe('config');
    expect(fieldOf(() => loadConfig({ file: join(dir, 'nope.json'), env: {} }))).toBe('config');
  });

  it('a "demo": true config (published secrets) listens on loopback only, whoever asks', async () => {
    const demo = { secret: SECRET, demo: true, sites: [goodSite] };
    expect(loadConfig({ file: writeConfig('demo.json', demo), env: {} }).host).toBe('127.0.0.1');
    const relay = createRelay(demo);
    await expect(relay.listen(0, '0.0.0.0')).rejects.toThrow(/loopback only/);
    const port = await relay.listen(0, '127.0.0.1');
    expect(port).toBeGreaterThan(0);
    await relay.close();
  });

  it('worstCaseDeliveryMs bounds a delivery: tries × timeout + (tries − 1) × max delay', () => {
    expect(worstCaseDeliveryMs({})).toBe(3 * 5000 + 2 * 2000);
    expect(worstCaseDeliveryMs({ webhookDelivery: { tries: 2, timeoutMs: 100, maxDelayMs: 50 } })).toBe(250);
  });
});

const cli = join(process.cwd(), 'dist', 'relay', 'cli.js');

/** What an operator reads in the relay's stderr: each JSON log line's message and field, other lines as they are. */
function readable(stderr: string): string {
  return stderr
    .split('\n')
    .map((l) => {
      try {
        const o = JSON.parse(l) as { msg?: string; field?: string };
        return `${o.msg ?? ''}${o.field !== undefined ? ` (field: ${o.field})` : ''}`;
      } catch {
        return l;
      }
    })
    .join('\n');
}

function run(args: string[], env: Record<string, string>, untilOutput?: RegExp) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const p = spawn(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
      if (untilOutput?.test(out)) p.kill('SIGTERM');
    });
    p.stderr.on('data', (d) => (err += d));
    const t = setTimeout(() => p.kill('SIGKILL'), 10_000);
    p.on('close', (code) => {
      clearTimeout(t);
      resolve({ code, out, err: readable(err) });
    });
  });
}

// dist/relay/cli.js is built by `npm test` (or by test/global-setup.ts when missing).
describe('parley-relay CLI', () => {
  it('a bad config exits non-zero and names the field', async () => {
    const file = writeConfig('cli-bad.json', { secret: SECRET, sites: [{ ...goodSite, webhook: { url: 'nope', secret: WEBHOOK_SECRET } }] });
    const r = await run(['--config', file], {});
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('sites[0].webhook.url');
  });

  // Rules and FAQ articles reach the visitor's browser; a mistake in them must stop the relay, not
  // vanish silently in every visitor's widget.
  const rule = { id: 'pricing', text: 'Questions?', conditions: { url: '/pricing' } };
  const article = { id: 'ship', question: 'Shipping?', answer: 'Two days.' };
  it.each([
    ['a rule without conditions', { invitations: [{ id: 'pricing', text: 'Questions?' }] }, 'sites[0].invitations[0].conditions', 'is required'],
    ['a rule with an unknown condition', { invitations: [{ ...rule, conditions: { timeOnPage: 5 } }] }, 'sites[0].invitations[0].conditions.timeOnPage', 'is not a known condition'],
    ['a rule whose condition has the wrong kind', { invitations: [rule, { ...rule, id: 'b', conditions: { scrollPercent: 150 } }] }, 'sites[0].invitations[1].conditions.scrollPercent', 'from 0 to 100'],
    ['a rule text that is neither a string nor {en, vi}', { invitations: [{ ...rule, text: 42 }] }, 'sites[0].invitations[0].text', 'a non-empty string or { vi, en }'],
    ['a rule text object with no text in it', { invitations: [{ ...rule, text: { fr: 'Bonjour' } }] }, 'sites[0].invitations[0].text', 'must have a non-empty vi or en text'],
    ['two rules with one id', { invitations: [rule, rule] }, 'sites[0].invitations[1].id', 'duplicates'],
    ['an FAQ article without a question', { faq: [{ id: 'ship', answer: 'Two days.' }] }, 'sites[0].faq[0].question', 'is required'],
    ['an FAQ article with an id that is not a slug', { faq: [{ ...article, id: 'ship it' }] }, 'sites[0].faq[0].id', 'letters, digits'],
    ['a theme colour that is not hex', { theme: { color: 'red; background: url(x)' } }, 'sites[0].theme.color', 'hex color'],
    ['a colour scheme other than light or dark', { theme: { scheme: 'auto' } }, 'sites[0].theme.scheme', '"light" or "dark"'],
    ['a locale the widget does not speak', { locale: 'fr' }, 'sites[0].locale', '"vi" or "en"'],
    ['a typo in a site option', { typingPreveiw: { enabled: true } }, 'sites[0].typingPreveiw', 'is not a known option'],
  ])('%s exits non-zero naming the field', async (_what, extra, field, words) => {
    const file = writeConfig('cli-section.json', { secret: SECRET, sites: [{ ...goodSite, ...extra }] });
    const r = await run(['--config', file], {});
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`${field}: `);
    expect(r.err).toContain(words);
  });

  it('a good rule and article start the relay and are served as written', () => {
    const c = loadConfig({ file: writeConfig('sections-ok.json', { secret: SECRET, sites: [{ ...goodSite, invitations: [rule], faq: [article] }] }), env: {} });
    expect(c.sites[0]!.invitations).toEqual([rule]);
    expect(c.sites[0]!.faq).toEqual([article]);
  });

  it('without PARLEY_SECRET it refuses to start, naming secret', async () => {
    const r = await run([], { PARLEY_SITE: 'acme', PARLEY_ORIGINS: 'https://shop.example', PARLEY_API_SECRET: API_KEY, PARLEY_WEBHOOK_URL: 'http://127.0.0.1:9/', PARLEY_WEBHOOK_SECRET: WEBHOOK_SECRET });
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/secret/);
  });

  it('a good config prints its URL, and SIGTERM drains and exits 0', async () => {
    const file = writeConfig('cli-ok.json', { secret: SECRET, host: '127.0.0.1', sites: [goodSite] });
    const r = await run(['--config', file], { PORT: '0' }, /listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(r.out).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(r.code).toBe(0);
    // Every line is JSON a log pipeline can take, and the lifecycle is there: start, drain, stop.
    const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as { event: string; url?: string });
    expect(lines.map((l) => l.event)).toEqual(['start', 'signal', 'drain', 'stop']);
    expect(lines[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('an unknown PARLEY_LOG_LEVEL refuses to start, naming PARLEY_LOG_LEVEL', async () => {
    const file = writeConfig('cli-levels.json', { secret: SECRET, host: '127.0.0.1', sites: [goodSite] });
    const loud = await run(['--config', file], { PORT: '0', PARLEY_LOG_LEVEL: 'loud' });
    expect(loud.code).toBe(78);
    expect(loud.err).toContain('PARLEY_LOG_LEVEL: must be one of');
    expect(loud.out).toBe('');
  });
});
