// What the relay keeps of who a visitor is, per connection (DESIGN §5, §11): the verified userId,
// the claims the page or visitor made, and the visit's context. Pure: frames.ts sends the webhooks.
import { attributeValueSchema, claimsSchema, MAX_ATTRIBUTE_KEY, MAX_ATTRIBUTES, mergeClaims, type Attributes, type Claims } from '../protocol/claims.js';
import { check, isObject } from '../protocol/schema.js';
import type { ForwardedContext, VisitContext } from '../protocol/context.js';
import { redactUrl } from '../protocol/redact.js';
import type { VisitorState } from './conn.js';
import type { ResolvedSite } from './config.js';

/** The claims a visitor carries now, as a `visitor.updated` profile. */
export function claimsOf(v: VisitorState): Claims {
  const out: Claims = {};
  if (v.name !== undefined) out.name = v.name;
  if (v.email !== undefined) out.email = v.email;
  if (v.phone !== undefined) out.phone = v.phone;
  if (v.attributes !== undefined) out.attributes = v.attributes;
  return out;
}

/** Forgets every claim (an identify replaces the identity whole: nothing of user 42 survives user 43). */
export function clearClaims(v: VisitorState): void {
  delete v.name;
  delete v.email;
  delete v.phone;
  delete v.attributes;
}

/** Merges `said` into the visitor's claims; false (nothing changed) when the attributes would exceed the bound. */
export function addClaims(v: VisitorState, said: Claims): boolean {
  const merged = mergeClaims(claimsOf(v), said);
  if (!merged) return false;
  clearClaims(v);
  Object.assign(v, merged);
  return true;
}

/** The context as the helpdesk may see it: the landing page redacted like every URL, the user agent the relay saw, the address only with `privacy.forwardIp`. */
export function forwardedContext(c: VisitContext | undefined, site: ResolvedSite, userAgent: string, ip: string): ForwardedContext | undefined {
  const out: ForwardedContext = { ...c };
  if (out.landing !== undefined) out.landing = redactUrl(out.landing, site.privacy.redactQuery);
  if (userAgent) out.userAgent = userAgent;
  if (site.privacy.forwardIp) out.ip = ip;
  return Object.keys(out).length ? out : undefined;
}

/**
 * The claims of a hello's `profile` that fit the bounds, and what did not: the widget repeats what it
 * stored, and one claim out of bounds must not cost the visitor every other.
 */
export function fittingClaims(raw: unknown): { claims: Claims; refused: string[] } {
  const claims: Claims = {};
  const refused: string[] = [];
  if (!isObject(raw)) return { claims, refused: raw === undefined ? [] : ['profile'] };
  for (const k of ['name', 'email', 'phone'] as const) {
    if (raw[k] === undefined) continue;
    const r = check(claimsSchema.fields[k]!.schema, raw[k]);
    if (r.ok) claims[k] = r.value as string;
    else refused.push(k);
  }
  if (isObject(raw.attributes)) {
    const attributes: Attributes = {};
    for (const [key, value] of Object.entries(raw.attributes)) {
      const fits = key.length >= 1 && key.length <= MAX_ATTRIBUTE_KEY && check(attributeValueSchema, value).ok && Object.keys(attributes).length < MAX_ATTRIBUTES;
      if (fits) attributes[key] = value as Attributes[string];
      else refused.push(`attributes.${key.slice(0, MAX_ATTRIBUTE_KEY)}`);
    }
    if (Object.keys(attributes).length) claims.attributes = attributes;
  } else if (raw.attributes !== undefined) refused.push('attributes');
  return { claims, refused };
}
