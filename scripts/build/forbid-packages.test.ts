import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { FORBIDDEN_PACKAGES, forbidPackages } from './forbid-packages.ts';

// Builds a two-file page with the real bundler: the plugin must fail a page that reaches zod
// through a contract module, naming the chain, and pass one that imports a zod-free module.
const project = decodeURIComponent(new URL('../..', import.meta.url).pathname);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function buildPage(entrySource: string): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'forbid-packages-'));
  dirs.push(root);
  writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./entry.ts"></script>');
  writeFileSync(join(root, 'entry.ts'), entrySource);
  await build({
    root,
    logLevel: 'silent',
    configFile: false,
    plugins: [forbidPackages(FORBIDDEN_PACKAGES)],
    build: { outDir: join(root, 'dist'), write: false, modulePreload: { polyfill: false } },
  });
}

describe('the renderer build refuses zod and ajv', () => {
  it('fails when the page imports a zod schema through a contract module, naming the chain', async () => {
    const contract = join(project, 'electron/contract/kb.ts');
    await expect(buildPage(`import { KbSpaces } from '${contract}';\nconsole.log(KbSpaces);\n`)).rejects.toThrow(
      /must not contain zod: .*entry\.ts → .*electron\/contract\/kb\.ts/,
    );
  });

  it('passes a page that imports only a zod-free contract module', async () => {
    const zodFree = join(project, 'institution/contract/caller-mask.ts');
    await expect(buildPage(`import { maskCallerNumber } from '${zodFree}';\nconsole.log(maskCallerNumber('13800138000'));\n`)).resolves.toBeUndefined();
  });
});
