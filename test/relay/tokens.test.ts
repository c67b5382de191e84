// An operator rotates the token secret; visitors keep their conversations until their tokens expire.
import { describe, expect, it } from 'vitest';
import { issueToken, verifyToken } from '../../relay/tokens.js';

describe('visitor tokens', () => {
  it('a token signed with the old secret still verifies after rotation, and only for its site and visitor', () => {
    const old = issueToken(['old-secret'], 'acme', 'visitor_abc_123', 3600);
    expect(verifyToken(['new-secret', 'old-secret'], 'acme', 'visitor_abc_123', old)).toBe(true);
    expect(verifyToken(['new-secret'], 'acme', 'visitor_abc_123', old)).toBe(false);
    expect(verifyToken(['new-secret', 'old-secret'], 'other', 'visitor_abc_123', old)).toBe(false);
    expect(verifyToken(['new-secret', 'old-secret'], 'acme', 'visitor_xyz_123', old)).toBe(false);
  });

  it('an expired token, or one with its expiry edited, does not verify', () => {
    const t = issueToken(['s'], 'acme', 'visitor_abc_123', 60, Date.now() - 120_000);
    expect(verifyToken(['s'], 'acme', 'visitor_abc_123', t)).toBe(false);
    const [v, exp, mac] = t.split('.');
    expect(verifyToken(['s'], 'acme', 'visitor_abc_123', `${v}.${Number(exp) + 10_000}.${mac}`)).toBe(false);
    expect(verifyToken(['s'], 'acme', 'visitor_abc_123', undefined)).toBe(false);
    expect(verifyToken(['s'], 'acme', 'visitor_abc_123', 'garbage')).toBe(false);
  });
});
