/** SBOM pieces: lockfile keys of bundled modules, purls, shipped-in sets. (The SBOM of a real build: release.test.ts.) */
import { describe, expect, it } from 'vitest';
import { packageKeyOf, packageNameOf, productionPackages, purlOf } from './sbom.ts';

describe('sbom', () => {
  it('maps a bundled module to its lockfile package, nested and scoped', () => {
    expect(packageKeyOf('node_modules/zod/v4/core/schemas.js')).toBe('node_modules/zod');
    expect(packageKeyOf('node_modules/@scope/pkg/dist/index.js')).toBe('node_modules/@scope/pkg');
    expect(packageKeyOf('node_modules/jssip/node_modules/debug/src/browser.js')).toBe('node_modules/jssip/node_modules/debug');
    expect(packageKeyOf('node_modules/a/node_modules/@s/b/x.js')).toBe('node_modules/a/node_modules/@s/b');
    expect(packageKeyOf('renderer/src/main.tsx')).toBeNull();
    expect(packageNameOf('node_modules/a/node_modules/@s/b')).toBe('@s/b');
  });

  it('purl encodes the scope', () => {
    expect(purlOf('@s/b', '1.0.0')).toBe('pkg:npm/%40s/b@1.0.0');
    expect(purlOf('react', '19.3.1')).toBe('pkg:npm/react@19.3.1');
  });

  it('records every bundle a package ships in, and the app.asar packages', () => {
    const shipped = productionPackages(
      { renderer: ['node_modules/zod/index.js', 'renderer/src/main.tsx'], main: ['node_modules/zod/v4/x.js', 'electron/main/index.ts'], preload: [] },
      ['better-sqlite3'],
    );
    expect(Object.fromEntries([...shipped].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      'node_modules/zod': ['main', 'renderer'],
      'node_modules/better-sqlite3': ['app.asar'],
    });
  });
});
