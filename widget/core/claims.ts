// The visitor's claims as the widget keeps them (DESIGN §11): what identify, Parley('update') and the
// pre-chat form said, stored so every connection's hello repeats them. The relay checks each against
// the bounds: it refuses an update beyond them (the page hears an `error`), and takes from a hello
// only the claims that fit, so one bad claim never costs the others.
// Owns: how each command changes the claims. Must not: send or store anything.
import type { Claims } from '../../protocol/claims.js';
import { mergeClaims } from '../../protocol/claims-merge.js';
import type { UserInfo } from '../../protocol/client-frames.js';
import { isObject } from '../../protocol/schema.js';

/** What is kept between pages: the claims, and the userId they were said for. */
export interface StoredClaims {
  claims: Claims;
  userId?: string;
}

/** The claims after `identify(user)`: its name, email and phone; attributes survive only for the same userId. */
export function identified(prev: StoredClaims, user: UserInfo): StoredClaims {
  const claims: Claims = {};
  if (user.name) claims.name = user.name;
  if (user.email) claims.email = user.email;
  if (user.phone) claims.phone = user.phone;
  if (user.userId !== undefined && user.userId === prev.userId && prev.claims.attributes) claims.attributes = prev.claims.attributes;
  return { claims, ...(user.userId !== undefined ? { userId: user.userId } : {}) };
}

/** The claims with `said` merged in, or why it is refused. */
export function updated(prev: StoredClaims, said: unknown): StoredClaims | string {
  if (!isObject(said) || (said.attributes !== undefined && !isObject(said.attributes))) return 'not an object';
  const claims = mergeClaims(prev.claims, said as Claims);
  return claims ? { ...prev, claims } : 'over 50 keys';
}
