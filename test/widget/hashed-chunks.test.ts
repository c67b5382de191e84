// @vitest-environment happy-dom
// A built parley.js loads each chunk under the content-hashed name its build gave it (a CDN keeps
// those for a year). When that file is gone — a parley.js cached from the release before, a
// self-hosted copy without the hashed files — the visitor still gets the feature from the plain name.
import { afterEach, expect, it, vi } from 'vitest';

const g = globalThis as { PARLEY_CHUNK_HASHES?: Record<string, string> };
const head = document.head;
const append = head.appendChild;

afterEach(() => {
  head.appendChild = append;
  delete g.PARLEY_CHUNK_HASHES;
});

/** The script tag's chunk loader as the build makes it, with these hashes baked in. */
async function builtLoader(hashes: Record<string, string>) {
  g.PARLEY_CHUNK_HASHES = hashes;
  vi.resetModules();
  const { scriptChunks } = await import('../../widget/chunks/script.js');
  const script = document.createElement('script');
  script.setAttribute('src', 'https://chat.example/parley.js');
  return scriptChunks(script);
}

/** Answers each chunk <script> as a browser would, after the append: a file that exists runs (hands over its exports), then loads; any other fails. */
function serve(lazy: Awaited<ReturnType<typeof builtLoader>>, files: string[], exports: unknown): string[] {
  const requested: string[] = [];
  head.appendChild = ((el: HTMLScriptElement) => {
    requested.push(el.src);
    const name = /parley-(\w+)[.\w]*\.js$/.exec(el.src)![1]!;
    setTimeout(() => {
      if (files.some((f) => el.src.endsWith('/' + f))) {
        lazy.receive(name, exports);
        el.onload?.(new Event('load'));
      } else {
        el.onerror?.(new Event('error'));
      }
    });
    return el;
  }) as typeof head.appendChild;
  return requested;
}

it('asks for the hashed file the build named, and only that when it is there', async () => {
  const lazy = await builtLoader({ faq: '0123456789ab' });
  const exports = { createFaqIndex: () => null };
  const requested = serve(lazy, ['parley-faq.0123456789ab.js'], exports);
  expect(await lazy.chunks.faq()).toBe(exports);
  expect(requested).toEqual(['https://chat.example/parley-faq.0123456789ab.js']);
});

it('falls back to the plain name when the hashed file is gone, and the feature still arrives', async () => {
  const lazy = await builtLoader({ invitations: '0123456789ab' });
  const exports = { createInvitationEngine: () => null };
  const requested = serve(lazy, ['parley-invitations.js'], exports);
  expect(await lazy.chunks.invitations()).toBe(exports);
  expect(requested).toEqual(['https://chat.example/parley-invitations.0123456789ab.js', 'https://chat.example/parley-invitations.js']);
});

it('with neither file there it resolves null, and the next use tries again from the hashed name', async () => {
  const lazy = await builtLoader({ ui: 'aaaaaaaaaaaa' });
  const requested = serve(lazy, [], null);
  expect(await lazy.chunks.ui()).toBeNull();
  expect(requested).toEqual(['https://chat.example/parley-ui.aaaaaaaaaaaa.js', 'https://chat.example/parley-ui.js']);
  const exports = { mountUi: () => null };
  const later = serve(lazy, ['parley-ui.aaaaaaaaaaaa.js'], exports);
  expect(await lazy.chunks.ui()).toBe(exports);
  expect(later).toEqual(['https://chat.example/parley-ui.aaaaaaaaaaaa.js']);
});
