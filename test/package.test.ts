// A developer installs parley-chat and imports its subpaths: the built entry points and their types exist.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('the published package', () => {
  it('resolves parley-chat/relay to the built relay with createRelay and loadConfig', async () => {
    // Through a variable: typecheck runs before the build, when the declarations do not exist yet.
    const name = 'parley-chat/relay';
    const relay = await import(name);
    expect(typeof relay.createRelay).toBe('function');
    expect(typeof relay.loadConfig).toBe('function');
  });

  it('resolves parley-chat/helpdesk to the kit, which needs nothing but Node\'s own modules', async () => {
    const name = 'parley-chat/helpdesk';
    const kit = await import(name);
    expect(typeof kit.createWebhookHandler).toBe('function');
    expect(typeof kit.createRelayClient).toBe('function');
    const imports = [...readFileSync('dist/helpdesk/index.js', 'utf8').matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect(imports.filter((m) => !m!.startsWith('node:'))).toEqual([]);
  });

  it('ships type declarations for every subpath and the script-tag bundle', () => {
    for (const f of ['dist/types/widget/index.d.ts', 'dist/types/relay/index.d.ts', 'dist/types/helpdesk/index.d.ts', 'dist/parley.js']) {
      expect(existsSync(f), f).toBe(true);
    }
  });

  it('documents every public export of every subpath in one line or more', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.d.ts')) files.push(readFileSync(p, 'utf8'));
      }
    };
    walk('dist/types');
    const undocumented: string[] = [];
    for (const entry of ['dist/types/widget/index.d.ts', 'dist/types/relay/index.d.ts', 'dist/types/helpdesk/index.d.ts']) {
      const t = readFileSync(entry, 'utf8');
      const names = [...t.matchAll(/export (?:type )?\{([^}]*)\}/g)]
        .flatMap((m) => m[1]!.split(','))
        .map((s) => s.trim().replace(/^type /, '').split(/\s+as\s+/)[0]!)
        .filter(Boolean)
        .concat([...t.matchAll(/export declare (?:function|class|const) (\w+)/g)].map((m) => m[1]!));
      for (const name of names) {
        // The declaration, wherever it lives, with the line before it: a doc comment ends there.
        const decl = new RegExp(`([^\\n]*)\\n(?:export )?(?:declare )?(?:function|class|interface|type|const|abstract class) ${name}\\b`);
        if (!files.some((f) => /\*\/\s*$/.test(decl.exec(f)?.[1] ?? ''))) undocumented.push(`${entry}: ${name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });
});
