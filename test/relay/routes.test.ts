// A backend team reads the API's calls from one list (protocol/routes.ts): the OpenAPI document and
// the kit's client are made from it. So the list must be exactly what the relay answers: a call the
// relay takes that the list lacks is invisible to them, and a listed call the relay lacks fails them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAnswers, apiBodies } from '../../protocol/api.js';
import { apiRoutes } from '../../protocol/routes.js';
import { API_SECRET, startRelay, testConfig } from './helpers.js';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
const VISITOR = 'visitor_abcdefgh';

let relay: Awaited<ReturnType<typeof startRelay>>;
beforeAll(async () => {
  relay = await startRelay(testConfig('http://127.0.0.1:9/hooks'));
});
afterAll(() => relay.relay.close());

/** The relay's status for `method path`: 404 no such route, 405 the route takes another method. */
async function statusOf(method: string, path: string): Promise<number> {
  const res = await fetch(relay.http + path, {
    method,
    headers: { authorization: `Bearer ${API_SECRET}`, 'content-type': 'application/json' },
    ...(method === 'GET' ? {} : { body: '{}' }),
  });
  await res.arrayBuffer();
  return res.status;
}

const template = (path: string) => path.replace('/v1/sites/acme', '/v1/sites/{site}').replace(`/${VISITOR}/`, '/{visitorId}/');

describe('the list of API calls', () => {
  it('is exactly the calls the relay answers, found by trying every word of its HTTP API as a path', async () => {
    // Every path segment the relay routes on is written in its source, in a string or a regex.
    const literals = readFileSync('relay/http-api.ts', 'utf8').match(/'[^'\n]*'|`[^`\n]*`|"[^"\n]*"|\/\^[^\n]*?\$\//g) ?? [];
    const words = [...new Set(literals.join(' ').match(/[a-z][a-z-]*[a-z]/g))];
    const found = new Set<string>();
    /** Tries each path with each method, a few at a time; returns the paths that exist (not 404). */
    const tryAll = async (paths: string[], methods = METHODS) => {
      const tries = paths.flatMap((path) => methods.map((method) => ({ method, path })));
      const took = new Set<string>();
      const next = async (): Promise<void> => {
        const t = tries.pop();
        if (!t) return;
        const status = await statusOf(t.method, t.path);
        if (status !== 404) took.add(t.path);
        if (status !== 404 && status !== 405) found.add(`${t.method} ${template(t.path)}`);
        return next();
      };
      await Promise.all(Array.from({ length: 8 }, next));
      return [...took];
    };
    await tryAll(words.map((w) => `/v1/sites/acme/${w}`));
    // A visitor's calls, under the listed routes' collections and any segment that answered above.
    // The relay answers a wrong method with 405, so a path that GET finds missing is missing for all.
    const collections = new Set([...Object.values(apiRoutes).map((r) => r.path.split('/')[4]!), ...[...found].map((f) => f.split('/')[4]!)]);
    const deeper = [...collections].flatMap((c) => words.map((w) => `/v1/sites/acme/${c}/${VISITOR}/${w}`));
    const routed = await tryAll(deeper, ['GET']);
    await tryAll(routed, METHODS.filter((m) => m !== 'GET'));

    const listed = Object.values(apiRoutes).map((r) => `${r.method} ${r.path}`);
    expect([...found].sort()).toEqual(listed.sort());
  });

  it('uses every API body and every answer protocol/api.ts defines', () => {
    const bodies = new Set<unknown>(Object.values(apiRoutes).map((r) => ('body' in r ? r.body : undefined)));
    const answersUsed = new Set<unknown>(Object.values(apiRoutes).map((r) => r.answer));
    expect(Object.entries(apiBodies).filter(([, s]) => !bodies.has(s)).map(([k]) => k)).toEqual([]);
    expect(Object.entries(apiAnswers).filter(([k, s]) => k !== 'error' && !answersUsed.has(s)).map(([k]) => k)).toEqual([]);
  });
});
