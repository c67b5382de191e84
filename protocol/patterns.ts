// The patterns and bounds both sides check against, each written once.

/** Generated ids (visitors, messages, invitations): client- or relay-generated nanoids. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** Ids a site owner writes in the config (sites, rules, FAQ articles). */
export const SLUG_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** An email address as a person types it: something@something.tld, no spaces. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** The same shape inside running text (masking drafts), every occurrence. */
export const EMAIL_IN_TEXT = /[^\s@]+@[^\s@]+\.[^\s@]+/g;
/** A phone number as a person types it, Vietnamese (0912 345 678, +84 912 345 678) or international (+49 30 1234567). */
export const PHONE_PATTERN = /^\+?\d[\d ().-]{5,22}\d$/;

/** A phone number the relay takes: the pattern above with 8 to 15 digits (E.164 has at most 15). */
export function isPhone(s: string): boolean {
  const digits = s.replace(/\D/g, '').length;
  return PHONE_PATTERN.test(s) && digits >= 8 && digits <= 15;
}

/** An absolute http(s) URL; links, avatars and FAQ addresses take nothing else. */
export const HTTP_URL = /^https?:\/\/[^\s/?#]+[^\s]*$/i;
/** An origin allow-list entry: `*`, an exact origin, or `scheme://*.domain[:port]` for any subdomain. */
export const ORIGIN_PATTERN = /^(?:\*|(https?):\/\/(\*\.)?([^/:*?#@\s]+)(?::(\d{1,5}))?\/?)$/i;
/** A theme colour as the config writes it. */
export const HEX_COLOR = /^#[0-9a-fA-F]{3,8}$/;

/** Longest chat message or draft a site accepts unless it says otherwise, in characters. */
export const DEFAULT_MAX_TEXT_LENGTH = 5000;
/** Longest URL a frame may carry. */
export const URL_MAX = 2048;
/** Longest name, title or other short text a frame may carry. */
export const SHORT_MAX = 256;
