// The path of a request's target, for routing. Almost every target is a plain origin-form path, read
// as it is; only one the URL parser could rewrite (dot segments, backslashes, characters it would
// percent-encode, the absolute form a proxy sends) goes through it, so routing sees what it always saw.

/** Characters that pass the URL parser unchanged in a path, with no `//` at the start. */
const PLAIN = /^\/(?!\/)[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*$/;
/** Dot segments, literal or percent-encoded, which the parser resolves. */
const DOTS = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

/** The pathname of `url` (a request target); throws TypeError like `new URL` when it cannot be parsed. */
export function requestPath(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (PLAIN.test(path) && !DOTS.test(path)) return path;
  return new URL(url, 'http://relay.invalid').pathname;
}
