// GET /openapi.json: the relay's OpenAPI document, made once per public address (it never changes
// while the relay runs). Public, and readable from any origin, so API tools can load it.
import type { ServerResponse } from 'node:http';
import { openApiDocument } from '../protocol/openapi.js';

const made = new Map<string, string>();

/** Answers with the OpenAPI 3.1 document of the HTTP API and the webhooks. */
export function serveOpenApi(res: ServerResponse, publicUrl: string | null): void {
  const key = publicUrl ?? '';
  let text = made.get(key);
  if (text === undefined) made.set(key, (text = JSON.stringify(openApiDocument({ serverUrl: publicUrl }))));
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'public, max-age=300',
    'access-control-allow-origin': '*',
  });
  res.end(text);
}
