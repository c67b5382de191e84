// Claims (DESIGN §11): what the page or the visitor says about the visitor — name, email, phone and
// free attributes such as a plan or a cart value. Never verified, so bounded tightly and passed on as
// claims; only `userId` is ever verified (DESIGN §5), and it is not a claim.
import { SHORT_MAX } from './patterns.js';
import { MAX_ATTRIBUTES } from './claims-merge.js';
import { boolean, nullable, number, object, optional, record, string, union, type Infer } from './schema.js';

export { MAX_ATTRIBUTES, mergeClaims } from './claims-merge.js';
/** Longest attribute key, in characters. */
export const MAX_ATTRIBUTE_KEY = 40;
/** Longest attribute value (a string), in characters. */
export const MAX_ATTRIBUTE_VALUE = 500;
/** Longest phone number a claim may hold, as typed. */
export const PHONE_MAX = 32;

const attributeKey = new RegExp(`^[^\\u0000-\\u001f]{1,${MAX_ATTRIBUTE_KEY}}$`);

/** One attribute value: a short string, a number, true or false, or null (known to be unknown). */
export const attributeValueSchema = nullable(union('a string (at most 500 characters), number, boolean or null', string({ max: MAX_ATTRIBUTE_VALUE }), number(), boolean()));

/** Free claims about the visitor: at most 50 keys of at most 40 characters. */
export const attributesSchema = record(attributeValueSchema, { keyPattern: attributeKey, keyWhat: `of 1 to ${MAX_ATTRIBUTE_KEY} characters`, maxKeys: MAX_ATTRIBUTES });
export type Attributes = Infer<typeof attributesSchema>;

/** What a `profile` frame, `Parley('update')` and the pre-chat form say; every part optional. */
export const claimsSchema = object({
  name: optional(string({ max: SHORT_MAX })),
  email: optional(string({ max: SHORT_MAX })),
  phone: optional(string({ max: PHONE_MAX })),
  attributes: optional(attributesSchema),
});
/** Claims about a visitor: what they or the page said, never verified. */
export type Claims = Infer<typeof claimsSchema>;
