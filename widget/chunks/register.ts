// Inside a chunk file: hands its exports to the widget that asked for it.

/** Passes `exports` to `Parley.chunk`; without a widget on the page the chunk does nothing. */
export function register(name: string, exports: unknown): void {
  const p = (window as unknown as { Parley?: { chunk?: (name: string, exports: unknown) => void } }).Parley;
  if (p && typeof p.chunk === 'function') p.chunk(name, exports);
}
