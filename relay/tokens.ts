// Visitor ids and resume tokens. A token binds site + visitor id + expiry with HMAC-SHA256 so a
// visitor can resume only its own conversation; verification tries every configured secret so a
// secret can be rotated (newest first) without logging every visitor out.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { urlAlphabet } from 'nanoid';

/**
 * A fresh random id of nanoid's alphabet and length (21 characters, 126 bits), made as one flat
 * string: nanoid appends a character at a time, which V8 keeps as a rope of string nodes for as
 * long as the id lives — about 250 bytes more for every connected visitor.
 */
export function randomId(size = 21): string {
  const bytes = randomBytes(size);
  for (let i = 0; i < size; i++) bytes[i] = urlAlphabet.charCodeAt(bytes[i]! & 63);
  return bytes.toString('latin1');
}

/** A fresh visitor id (see randomId). */
export function newVisitorId(): string {
  return randomId();
}

function mac(secret: string, site: string, visitorId: string, expiry: number): string {
  return createHmac('sha256', secret).update(`${site}\n${visitorId}\n${expiry}`).digest('base64url');
}

/** Issues a token for site + visitorId valid for ttlSeconds, signed with the newest secret. */
export function issueToken(secrets: string[], site: string, visitorId: string, ttlSeconds: number, now = Date.now()): string {
  const expiry = Math.floor(now / 1000) + ttlSeconds;
  return `v1.${expiry}.${mac(secrets[0]!, site, visitorId, expiry)}`;
}

/** True when token was issued by one of secrets for exactly this site + visitorId and has not expired. */
export function verifyToken(secrets: string[], site: string, visitorId: string, token: string | undefined, now = Date.now()): boolean {
  if (!token) return false;
  const m = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return false;
  const expiry = Number(m[1]);
  if (expiry * 1000 <= now) return false;
  // Compare the encoded text, not decoded bytes: base64 has spare bits, so two spellings decode alike.
  const given = Buffer.from(m[2]!, 'latin1');
  return secrets.some((s) => {
    const want = Buffer.from(mac(s, site, visitorId, expiry), 'latin1');
    return want.length === given.length && timingSafeEqual(want, given);
  });
}

/** Constant-time string comparison (lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = createHmac('sha256', 'parley-compare').update(a).digest();
  const y = createHmac('sha256', 'parley-compare').update(b).digest();
  return timingSafeEqual(x, y) && a.length === b.length;
}

/**
 * A constant-time check against one secret, whose digest is computed once: each call hashes only what
 * it is given. Comparing digests hides the secret's length, and equal digests mean equal strings.
 */
export function secretMatcher(secret: string): (given: string) => boolean {
  const want = createHash('sha256').update(secret).digest();
  return (given) => timingSafeEqual(createHash('sha256').update(given).digest(), want);
}

/** The identity hash a site's server computes: hex HMAC-SHA256(identitySecret, userId). */
export function identityHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}
