// The script tag's chunks: each is a small file beside parley.js (same origin, so a CSP that allows
// parley.js allows them), loaded with a <script> element on first use. A chunk hands its exports to
// `Parley.chunk(name, exports)`, so it adds no global of its own.
import type { Chunks } from '../core/chunks.js';

/** Chunk loading for the script tag; `receive` is what `Parley.chunk` must call. */
export function scriptChunks(script: HTMLScriptElement): { chunks: Chunks; receive: (name: string, exports: unknown) => void } {
  const waiting: Record<string, (exports: unknown) => void> = {};
  const loads: Record<string, Promise<any>> = {};
  const load = (name: string): Promise<any> =>
    (loads[name] ??= new Promise((resolve) => {
      const s = document.createElement('script');
      waiting[name] = resolve;
      try {
        s.src = new URL(`parley-${name}.js`, script.src).href;
      } catch {
        return resolve(null);
      }
      s.async = true;
      // A nonce-based CSP trusts what the nonced widget adds only if the nonce goes along.
      if (script.nonce) s.nonce = script.nonce;
      // A chunk runs before its load event: by then it has handed over its exports, or it never will.
      s.onload = s.onerror = () => {
        s.remove();
        // Not handed over (offline, a blocked request): the next use tries again.
        if (waiting[name]) delete loads[name];
        resolve(null);
      };
      document.head.appendChild(s);
    }));
  return {
    chunks: { core: () => load('core'), faq: () => load('faq'), invitations: () => load('invitations'), ui: () => load('ui'), uploads: () => load('uploads') },
    receive: (name, exports) => {
      waiting[name]?.(exports);
      delete waiting[name];
    },
  };
}
