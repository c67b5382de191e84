// The HTTP API (DESIGN §4): helpdesk → relay calls behind the site's API secret, plus the public,
// CORS-enabled widget-config and faq documents.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nanoid } from 'nanoid';
import { apiBodies } from '../protocol/api.js';
import type { WidgetConfig } from '../protocol/config.js';
import { ID_PATTERN } from '../protocol/patterns.js';
import { check, type Schema } from '../protocol/schema.js';
import type { ResolvedSite } from './config.js';
import type { RelayContext } from './context.js';
import { visitorTopic } from './bus.js';
import { ApiError } from './errors.js';
import { originMatcher } from './origins.js';
import { secretMatcher } from './tokens.js';
import { parseListQuery } from './visitor-list.js';

type Json = Record<string, unknown>;

/** Sends a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Sends `status {error:{code,message}}`. */
export function sendError(res: ServerResponse, e: ApiError, headers: Record<string, string> = {}): void {
  sendJson(res, e.status, { error: { code: e.code, message: e.message } }, headers);
}

function readJson(req: IncomingMessage, limit: number): Promise<Json> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new ApiError(413, 'body_too_large', `body is larger than ${limit} bytes`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new ApiError(413, 'body_too_large', `body is larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('error', () => reject(new ApiError(400, 'bad_request', 'request body could not be read')));
    req.on('end', () => {
      try {
        const o = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error();
        resolve(o as Json);
      } catch {
        reject(new ApiError(400, 'bad_request', 'body must be a JSON object'));
      }
    });
  });
}

function bad(message: string): never {
  throw new ApiError(400, 'bad_request', message);
}

/** The body checked against its schema (unknown keys dropped), or 400 naming the field. */
function checked<O>(schema: Schema<O, any>, raw: Json): O {
  const r = check(schema, raw);
  if (!r.ok) bad(r.path ? `"${r.path}" ${r.message}` : `body ${r.message}`);
  return r.value;
}

const BEARER = /^Bearer\s+(.+)$/i;
const SITE_PATH = /^\/v1\/sites\/([^/]+)(\/.*)$/;
const VISITOR_PATH = /^\/visitors\/([^/]+)\/(messages|typing|invitations|resolve|read)$/;

/** decodeURIComponent, skipped for the usual path segment that has nothing encoded. */
const decoded = (s: string): string => (s.includes('%') ? decodeURIComponent(s) : s);

// Hashed once per site: an API call then hashes only the secret it presents (see secretMatcher).
const apiSecrets = new WeakMap<ResolvedSite, (given: string) => boolean>();

function authorize(req: IncomingMessage, site: ResolvedSite): void {
  let matches = apiSecrets.get(site);
  if (!matches) apiSecrets.set(site, (matches = secretMatcher(site.apiSecret)));
  const m = BEARER.exec(req.headers.authorization ?? '');
  if (!m || !matches(m[1]!.trim())) throw new ApiError(401, 'unauthorized', 'missing or wrong API secret');
}

/** Routes /v1/sites/... requests; returns false when the path is not an API path. */
export function apiHandler(ctx: RelayContext) {
  const matchers = new Map([...ctx.config.sites.values()].map((s) => [s.id, originMatcher(s.origins)]));

  const cors = (req: IncomingMessage, site: ResolvedSite): Record<string, string> => {
    const origin = req.headers.origin;
    const h: Record<string, string> = { vary: 'Origin' };
    if (origin && matchers.get(site.id)!(origin)) {
      h['access-control-allow-origin'] = origin;
      h['access-control-allow-methods'] = 'GET, OPTIONS';
      h['access-control-allow-headers'] = 'content-type';
      h['access-control-max-age'] = '600';
    }
    return h;
  };

  const widgetConfig = (site: ResolvedSite): WidgetConfig => {
    // Never from Host: a forged Host would point every widget's FAQ fetch elsewhere. Without publicUrl
    // the address is relative to the relay, and the widget resolves it against the relay it uses.
    const base = ctx.config.publicUrl ?? '';
    return {
      site: site.id,
      locale: site.locale,
      theme: site.theme,
      agentsOnline: ctx.presence.get(site.id) ?? site.agentsOnline,
      ...ctx.hours.get(site.id),
      ...(site.responseTime ? { responseTime: site.responseTime } : {}),
      rating: site.rating,
      invitations: site.invitations,
      faqUrl: site.faqUrl ?? (site.faq.length > 0 ? `${base}/v1/sites/${encodeURIComponent(site.id)}/faq` : null),
      typingPreview: {
        enabled: site.typingPreview.enabled,
        maskEmails: site.typingPreview.maskEmails,
        sensitivePatterns: site.typingPreview.sensitivePatterns,
        notice: site.typingPreview.notice,
      },
      offline: { replyTime: site.offline.replyTime },
      attachments: { enabled: site.attachments.enabled, maxBytes: site.attachments.maxBytes, types: site.attachments.types },
      limits: { maxTextLength: site.limits.maxTextLength },
      privacy: { redactQuery: site.privacy.redactQuery },
      ...(site.prechat.enabled ? { prechat: site.prechat } : {}),
    };
  };

  return async (req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> => {
    const m = SITE_PATH.exec(path);
    if (!m) return false;
    let siteId: string;
    try {
      siteId = decoded(m[1]!);
    } catch {
      throw new ApiError(404, 'site_unknown', 'unknown site');
    }
    const rest = m[2]!;
    const site = ctx.config.sites.get(siteId);
    if (!site) throw new ApiError(404, 'site_unknown', `unknown site "${siteId.slice(0, 64)}"`);
    const method = req.method ?? 'GET';

    if (rest === '/widget-config' || rest === '/faq') {
      const headers = cors(req, site);
      if (method === 'OPTIONS') {
        res.writeHead(204, headers).end();
        return true;
      }
      if (method !== 'GET' && method !== 'HEAD') throw new ApiError(405, 'method_not_allowed', 'use GET');
      const body = rest === '/faq' ? { articles: site.faq } : widgetConfig(site);
      // Short: presence changes, and a site owner's config edit should reach widgets soon.
      sendJson(res, 200, body, { ...headers, 'cache-control': 'public, max-age=30' });
      return true;
    }

    if (rest === '/presence') {
      if (method !== 'PUT') throw new ApiError(405, 'method_not_allowed', 'use PUT');
      authorize(req, site);
      const { agentsOnline: n } = checked(apiBodies.presence, await readJson(req, ctx.config.maxBodyBytes));
      await ctx.presence.put(ctx.bus, site.id, n);
      sendJson(res, 200, { agentsOnline: n, ...ctx.hours.get(site.id) });
      return true;
    }

    if (rest === '/visitors') {
      if (method !== 'GET') throw new ApiError(405, 'method_not_allowed', 'use GET');
      authorize(req, site);
      const q = parseListQuery(new URL(req.url ?? '/', 'http://relay.invalid').searchParams);
      if ('error' in q) bad(q.error);
      sendJson(res, 200, await ctx.visitors.list(site.id, q));
      return true;
    }

    const v = VISITOR_PATH.exec(rest);
    if (!v) throw new ApiError(404, 'not_found', 'no such route');
    if (method !== 'POST') throw new ApiError(405, 'method_not_allowed', 'use POST');
    authorize(req, site);
    let visitorId = '';
    try {
      visitorId = decoded(v[1]!);
    } catch {
      // Malformed percent-encoding: refused below like any other bad id.
    }
    if (!ID_PATTERN.test(visitorId)) bad(`visitor id must match ${ID_PATTERN.source}`);
    const raw = await readJson(req, ctx.config.maxBodyBytes);
    const topic = visitorTopic(site.id, visitorId);

    if (v[2] === 'typing') {
      const { typing } = checked(apiBodies.typing, raw);
      const n = await ctx.bus.publish(topic, { kind: 'frame', frame: { t: 'agent_typing', typing } });
      sendJson(res, 202, { delivered: n > 0 });
      return true;
    }
    if (v[2] === 'read') {
      // The agent has read the visitor's messages up to upTo: the widget shows "Seen" under them.
      const { upTo } = checked(apiBodies.read, raw);
      const n = await ctx.bus.publish(topic, { kind: 'frame', frame: { t: 'read', upTo } });
      sendJson(res, 202, { delivered: n > 0 });
      return true;
    }
    if (v[2] === 'resolve') {
      // Not delivered (the visitor is offline): the helpdesk hands it back on the next visitor.connected.
      const { id = nanoid(21), conversationId, askRating = site.rating.enabled } = checked(apiBodies.resolve, raw);
      const n = await ctx.bus.publish(topic, { kind: 'frame', frame: { t: 'resolved', id, ...(conversationId ? { conversationId } : {}), askRating } });
      ctx.metrics.resolved.inc({ site: site.id });
      sendJson(res, 202, { id, delivered: n > 0 });
      return true;
    }
    const body = v[2] === 'messages' ? checked(apiBodies.message, raw) : { ...checked(apiBodies.invitation, raw), attachments: undefined, actions: undefined };
    const { id = nanoid(21), author, attachments, actions } = body;
    // Files alone carry no words: a blank caption goes out as none, so no empty bubble shows.
    const text = body.text?.trim() ? body.text : '';
    if (text.length > site.limits.maxTextLength) bad(`"text" is longer than ${site.limits.maxTextLength} characters`);
    const frame =
      v[2] === 'messages'
        ? {
            t: 'message' as const,
            id,
            from: 'agent' as const,
            text,
            at: new Date().toISOString(),
            ...(author ? { author } : {}),
            ...(attachments ? { attachments } : {}),
            ...(actions ? { actions } : {}),
          }
        : { t: 'invitation' as const, id, text, ...(author ? { author } : {}) };
    const n = await ctx.bus.publish(topic, { kind: 'frame', frame });
    sendJson(res, 202, { id, delivered: n > 0 });
    return true;
  };
}
