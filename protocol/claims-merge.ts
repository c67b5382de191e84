// Merging claims (DESIGN §11), apart from their schemas so the widget, which merges but leaves the
// checking to the relay, carries none of them.
import type { Claims } from './claims.js';

/** How many attribute keys a visitor may carry. */
export const MAX_ATTRIBUTES = 50;

/**
 * `next` said over `prev`: fields it gives replace, attributes merge key by key. Undefined when the
 * merged attributes would exceed the bound (the newer claim is refused, the older kept).
 */
export function mergeClaims(prev: Claims, next: Claims): Claims | undefined {
  const out: Claims = { ...prev };
  if (next.name !== undefined) out.name = next.name;
  if (next.email !== undefined) out.email = next.email;
  if (next.phone !== undefined) out.phone = next.phone;
  if (next.attributes !== undefined) {
    const attributes = { ...prev.attributes, ...next.attributes };
    if (Object.keys(attributes).length > MAX_ATTRIBUTES) return undefined;
    out.attributes = attributes;
  }
  return out;
}
