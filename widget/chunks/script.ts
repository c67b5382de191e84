// The script tag's chunks: each is a small file beside parley.js (same origin, so a CSP that allows
// parley.js allows them), loaded with a <script> element on first use. A chunk hands its exports to
// `Parley.chunk(name, exports)`, so it adds no global of its own.
import type { Chunks } from '../core/chunks.js';

// The build names each chunk by its content hash too (cacheable for a year); unbuilt (tests) it is absent.
declare const PARLEY_CHUNK_HASHES: Record<string, string> | undefined;
const HASHES: Record<string, string | undefined> = typeof PARLEY_CHUNK_HASHES === 'object' ? PARLEY_CHUNK_HASHES : {};

/** Chunk loading for the script tag; `receive` is what `Parley.chunk` must call. */
export function scriptChunks(script: HTMLScriptElement): { chunks: Chunks; receive: (name: string, exports: unknown) => void } {
  const waiting: Record<string, (exports: unknown) => void> = {};
  const loads: Record<string, Promise<any>> = {};
  const load = (name: string): Promise<any> =>
    (loads[name] ??= new Promise((resolve) => {
      waiting[name] = resolve;
      const plain = `parley-${name}.js`;
      const add = (file: string) => {
        const s = document.createElement('script');
        try {
          s.src = new URL(file, script.src).href;
        } catch {
          return resolve(null);
        }
        s.async = true;
        // A nonce-based CSP trusts what the nonced widget adds only if the nonce goes along.
        if (script.nonce) s.nonce = script.nonce;
        // A chunk runs before its load event: by then it has handed over its exports, or it never will.
        const done = (failed: boolean) => {
          s.remove();
          if (!waiting[name]) return;
          // This parley.js outlived its release (cached while a new one replaced the hashed files, or
          // a self-hosted copy without them): the plain name is always there.
          if (failed && file !== plain) return add(plain);
          // Not handed over (offline, a blocked request): the next use tries again.
          delete loads[name];
          resolve(null);
        };
        s.onload = () => done(false);
        s.onerror = () => done(true);
        document.head.appendChild(s);
      };
      const hash = HASHES[name];
      add(hash ? `parley-${name}.${hash}.js` : plain);
    }));
  return {
    chunks: { core: () => load('core'), faq: () => load('faq'), invitations: () => load('invitations'), ui: () => load('ui'), uploads: () => load('uploads') },
    receive: (name, exports) => {
      waiting[name]?.(exports);
      delete waiting[name];
    },
  };
}
