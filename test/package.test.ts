// A developer installs parley-chat and imports its subpaths: the built entry points and their types exist.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the published package', () => {
  it('resolves parley-chat/relay to the built relay with createRelay and loadConfig', async () => {
    // Through a variable: typecheck runs before the build, when the declarations do not exist yet.
    const name = 'parley-chat/relay';
    const relay = await import(name);
    expect(typeof relay.createRelay).toBe('function');
    expect(typeof relay.loadConfig).toBe('function');
  });

  it('ships type declarations for both subpaths and the script-tag bundle', () => {
    for (const f of ['dist/types/widget/index.d.ts', 'dist/types/relay/index.d.ts', 'dist/parley.js']) {
      expect(existsSync(f), f).toBe(true);
    }
  });
});
