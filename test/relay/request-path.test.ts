// The relay routes on the request's path exactly as the URL parser reads it, whether the target is a
// plain path (read as it is, the fast way) or one the parser rewrites (dot segments, backslashes,
// characters it percent-encodes, the absolute form a proxy sends).
import { describe, expect, it } from 'vitest';
import { requestPath } from '../../relay/request-path.js';
import { rawGet, startHelpdesk, startRelay, testConfig } from './helpers.js';

const parsed = (target: string) => new URL(target, 'http://relay.invalid').pathname;
/** What routing gets: the path, or that the target is refused (400 bad_request). */
const outcome = (read: (t: string) => string, target: string) => {
  try {
    return read(target);
  } catch {
    return 'refused';
  }
};

describe('request paths', () => {
  it.each([
    '/', '/parley.js', '/v1/sites/acme/visitors/abc_DEF-123/messages', '/v1/sites/ac%20me/faq?x=1', '/a/../parley.js',
    '/a/%2e%2E/b', '/.', '/a/.b', '/a/b.', '/a\\b', '//evil/x', '/café', '/a"b', '/a{b}', '/a`b', '/a<b>',
    'http://h/x/y?z', '/a#frag', '/a/./b', '/%2e', '/a/...', '/x?y/../z', '*', '/a^b', '/a|b', '/a[b]',
  ])('%s is routed as the URL parser reads it', (target) => {
    expect(requestPath(target)).toBe(parsed(target));
  });

  it('agrees with the URL parser on 20,000 random targets built from the characters that matter', () => {
    const alphabet = ['/', '.', '%2e', '%2E', '\\', 'a', 'Z', '0', '-', '_', '~', '%20', '?', '#', ':', '@', ' ', 'é', '"', '{', '|', '^'];
    let seed = 19;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let i = 0; i < 20_000; i++) {
      let t = '/';
      for (let j = rand(12); j > 0; j--) t += alphabet[rand(alphabet.length)];
      expect(outcome(requestPath, t), t).toBe(outcome(parsed, t));
    }
  });

  it('a dot-segment path to the widget is served as the widget, over real HTTP', async () => {
    const helpdesk = await startHelpdesk();
    const relay = await startRelay(testConfig(helpdesk.url));
    try {
      const direct = await rawGet(`${relay.http}/parley.js`);
      const dotted = await rawGet(`${relay.http}/v1/%2e%2e/x/../../parley.js`);
      expect(dotted.status).toBe(200);
      expect(dotted.body.equals(direct.body)).toBe(true);
    } finally {
      await relay.relay.close();
      await helpdesk.close();
    }
  });
});
