// Serves the built widget at /parley.js, and the chunks it loads on demand next to it, with a content
// ETag so browsers revalidate cheaply.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** dist/parley.js from the package root, found from this module whether it runs bundled or not. */
export function defaultWidgetFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if (JSON.parse(readFileSync(pkg, 'utf8')).name === 'parley-chat') return join(dir, 'dist', 'parley.js');
      } catch {
        // Not ours; keep walking up.
      }
    }
    dir = dirname(dir);
  }
  return join(process.cwd(), 'dist', 'parley.js');
}

interface Cached { mtimeMs: number; size: number; body: Buffer; etag: string }

/** A handler for GET /parley.js that re-reads the file only when it changed on disk. */
export function widgetHandler(file: string) {
  let cached: Cached | null = null;
  const load = (): Cached | null => {
    try {
      const st = statSync(file);
      if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached;
      const body = readFileSync(file);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      cached = { mtimeMs: st.mtimeMs, size: st.size, body, etag };
      return cached;
    } catch {
      return null;
    }
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const c = load();
    if (!c) return false;
    const headers = {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'public, max-age=300',
      etag: c.etag,
      'access-control-allow-origin': '*',
    };
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim() === c.etag || t.trim() === `W/${c.etag}` || t.trim() === '*')) {
      res.writeHead(304, headers).end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': c.body.length });
    res.end(req.method === 'HEAD' ? undefined : c.body);
    return true;
  };
}

/** Files the widget loads from beside /parley.js: its core, its UI, the FAQ search, the invitation rules. */
export const WIDGET_CHUNKS = ['parley-core.js', 'parley-ui.js', 'parley-faq.js', 'parley-invitations.js', 'parley-uploads.js'];

/** Handlers for /parley.js and each chunk by URL path; chunks are the files of the same names beside `file`. */
export function widgetHandlers(file: string): Map<string, ReturnType<typeof widgetHandler>> {
  const dir = dirname(file);
  const map = new Map([['/parley.js', widgetHandler(file)]]);
  for (const name of WIDGET_CHUNKS) map.set('/' + name, widgetHandler(join(dir, name)));
  return map;
}
