// Where a request comes from, as the relay's own rules see it (loopback-only endpoints today; the
// X-Forwarded-For hop behind a trusted proxy belongs here too).

/** Whether a socket's remote address is this machine: 127.0.0.0/8, ::1, or either mapped into IPv6. */
export function isLoopback(address: string | undefined): boolean {
  if (address === undefined) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
