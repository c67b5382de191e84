// Serves the built widget at /parley.js, and the chunks it loads on demand next to it, with a content
// ETag so browsers revalidate cheaply. Each file goes out brotli- or gzip-compressed by the request's
// Accept-Encoding, from the copies the build writes beside it (file.br, file.gz). parley.js and the
// chunks' plain names are short-cached so a release reaches visitors within minutes; the chunks'
// content-hashed names (parley-core.<hash>.js, what parley.js loads) never change content, so a
// browser or CDN keeps them for a year.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chooseEncoding, type Encoding } from './accept-encoding.js';

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

/** How long browsers and CDNs keep a file: a hashed name is immutable, any other name is revalidated soon. */
export const CACHE_SHORT = 'public, max-age=300';
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';

interface Variant { body: Buffer; etag: string }
interface Cached { mtimeMs: number; size: number; variants: Map<Encoding, Variant>; available: Set<Encoding> }

const COMPRESSED: { enc: Exclude<Encoding, 'identity'>; ext: string; suffix: string; decode: (b: Buffer) => Buffer; encode: (b: Buffer) => Buffer }[] = [
  { enc: 'br', ext: '.br', suffix: '-br', decode: brotliDecompressSync, encode: (b) => brotliCompressSync(b) },
  { enc: 'gzip', ext: '.gz', suffix: '-gz', decode: gunzipSync, encode: (b) => gzipSync(b, { level: 9 }) },
];

/** The build's copy when it decodes to exactly `body`; a stale or missing one is made here, once per change. */
function compressed(file: string, body: Buffer, c: (typeof COMPRESSED)[number]): Buffer {
  try {
    const stored = readFileSync(file + c.ext);
    if (c.decode(stored).equals(body)) return stored;
  } catch {
    // Missing or corrupt: made below.
  }
  return c.encode(body);
}

/** A handler for GET/HEAD of one widget file that re-reads it only when it changed on disk. */
export function widgetHandler(file: string, cacheControl = CACHE_SHORT) {
  let cached: Cached | null = null;
  const load = (): Cached | null => {
    try {
      const st = statSync(file);
      if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached;
      const body = readFileSync(file);
      const tag = createHash('sha256').update(body).digest('base64url').slice(0, 27);
      const variants = new Map<Encoding, Variant>([['identity', { body, etag: `"${tag}"` }]]);
      for (const c of COMPRESSED) {
        const z = compressed(file, body, c);
        // A file too small to gain from compression goes out as it is.
        if (z.length < body.length) variants.set(c.enc, { body: z, etag: `"${tag}${c.suffix}"` });
      }
      cached = { mtimeMs: st.mtimeMs, size: st.size, variants, available: new Set(variants.keys()) };
      return cached;
    } catch {
      return null;
    }
  };
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const c = load();
    if (!c) return false;
    const enc = chooseEncoding(req.headers['accept-encoding'], c.available);
    const v = c.variants.get(enc)!;
    const headers: Record<string, string | number> = {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': cacheControl,
      etag: v.etag,
      // Caches in between must keep one copy per encoding, and never hand brotli to a client without it.
      vary: 'Accept-Encoding',
      'access-control-allow-origin': '*',
    };
    if (enc !== 'identity') headers['content-encoding'] = enc;
    const inm = req.headers['if-none-match'];
    if (inm && inm.split(',').some((t) => t.trim() === v.etag || t.trim() === `W/${v.etag}` || t.trim() === '*')) {
      res.writeHead(304, headers).end();
      return true;
    }
    res.writeHead(200, { ...headers, 'content-length': v.body.length });
    res.end(req.method === 'HEAD' ? undefined : v.body);
    return true;
  };
}

/** Files the widget loads from beside /parley.js: its core, its UI, the FAQ search, the invitation rules. */
export const WIDGET_CHUNKS = ['parley-core.js', 'parley-ui.js', 'parley-faq.js', 'parley-invitations.js', 'parley-uploads.js'];

/** A chunk under its content-hashed name, as the build writes it: parley-core.<12 hex>.js. */
const HASHED_CHUNK = new RegExp(`^/(parley-(?:${WIDGET_CHUNKS.map((f) => f.slice(7, -3)).join('|')})\\.[0-9a-f]{12}\\.js)$`);

type Handler = ReturnType<typeof widgetHandler>;

/** The widget's files by URL path: /parley.js, each chunk's plain name, and each hashed name on disk beside `file`. */
export function widgetHandlers(file: string): { get(path: string): Handler | undefined } {
  const dir = dirname(file);
  const plain = new Map([['/parley.js', widgetHandler(file)]]);
  for (const name of WIDGET_CHUNKS) plain.set('/' + name, widgetHandler(join(dir, name)));
  // Hashed names change with every build, so they are looked up on disk; only names that exist get a
  // handler, so the map holds no more than the files the builds left there.
  const hashed = new Map<string, Handler>();
  return {
    get(path) {
      const known = plain.get(path) ?? hashed.get(path);
      if (known) return known;
      const m = HASHED_CHUNK.exec(path);
      if (!m || !existsSync(join(dir, m[1]!))) return undefined;
      const h = widgetHandler(join(dir, m[1]!), CACHE_IMMUTABLE);
      hashed.set(path, h);
      return h;
    },
  };
}
