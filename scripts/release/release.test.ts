/**
 * Verifiable builds (issue #10, IT-audit question 12), end to end with the real CLIs:
 * a release build in one clone, `verify-build` in another clone at a different path, both
 * from the same commit; then one changed byte in a bundle or in app.asar, a forged or
 * re-signed provenance, and a checkout of another commit must each fail. Two builds (~10 s each).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CycloneDx } from './sbom.ts';
import { cloneWithModules, flipOneByte, gitIn, pinHead, PROJECT_ROOT, runReleaseScript, writeKeyPair, type ScriptRun } from './test-checkouts.ts';

let tmp: string;
let releaser: { privateKey: string; publicKey: string };
let cloneA: string;
let cloneB: string;
let provenancePath: string;
let releaseBuild: ScriptRun;
let verifyRun: ScriptRun;
const verifyOut = () => path.join(cloneB, 'release', 'verify');

beforeAll(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cd-release-'));
  releaser = writeKeyPair(path.join(tmp, 'keys'), 'releaser');
  pinHead(path.join(tmp, 'origin'));
  cloneA = path.join(tmp, 'a');
  // Another name and depth: any absolute path leaking into an output would change its bytes.
  cloneB = path.join(tmp, 'auditor', 'workspace', 'channeldesk-escrowed');
  cloneWithModules(path.join(tmp, 'origin'), cloneA);
  cloneWithModules(path.join(tmp, 'origin'), cloneB);
  releaseBuild = runReleaseScript(cloneA, 'release-build.ts', ['--out', 'release/build', '--key-file', releaser.privateKey]);
  provenancePath = path.join(cloneA, 'release', 'build', 'provenance.json');
  verifyRun = runReleaseScript(cloneB, 'verify-build.ts', ['--provenance', provenancePath, '--public-key', releaser.publicKey, '--out', verifyOut()]);
}, 240_000);

afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const verify = (args: string[], cwd = cloneB) => runReleaseScript(cwd, 'verify-build.ts', ['--provenance', provenancePath, '--public-key', releaser.publicKey, ...args]);

// Each check spawns the CLI (Node start + hashing 17 MB of prebuilds): seconds each on a busy 2-core machine.
describe('release build and verify-build', { timeout: 90_000 }, () => {
  it('the release build signs a provenance of every bundle file, app.asar and the SBOM', () => {
    expect(releaseBuild.stderr).not.toMatch(/error/i);
    expect(releaseBuild.status).toBe(0);
    const envelope = JSON.parse(readFileSync(provenancePath, 'utf8')) as { provenance: { commit: string; files: { path: string }[]; tools: Record<string, string> }; keyId: string; signature: string };
    expect(envelope.provenance.commit).toBe(gitIn(cloneA, ['rev-parse', 'HEAD']));
    const paths = envelope.provenance.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html', 'package/app.asar', 'sbom.cdx.json']));
    expect(paths.some((p) => /^dist\/renderer\/assets\/index-[\w-]+\.js$/.test(p))).toBe(true);
    expect(paths).toContain('package/app.asar.unpacked/node_modules/better-sqlite3/prebuilds/win32-x64.node');
    expect(Object.keys(envelope.provenance.tools).sort()).toEqual(['@electron/asar', '@vitejs/plugin-react', 'esbuild', 'node', 'rolldown', 'typescript', 'vite']);
  });

  it('a rebuild in another clone at another path is identical, file by file', () => {
    expect(verifyRun.stdout).toContain('verify-build: provenance signature OK');
    expect(verifyRun.stdout).toMatch(/^identical dist\/electron\/main\.cjs /m);
    expect(verifyRun.stdout).toMatch(/^identical package\/app\.asar /m);
    expect(verifyRun.stdout).not.toMatch(/DIFFERS|MISSING|UNEXPECTED|MISMATCH/);
    expect(verifyRun.stdout).toMatch(/verify-build: OK — all \d+ files identical/);
    expect(verifyRun.status).toBe(0);
  });

  it('outputs carry no absolute path of either checkout', () => {
    for (const dir of [path.join(cloneA, 'release', 'build'), verifyOut()]) {
      for (const rel of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        if (rel.endsWith('.node') || !/\.(cjs|js|html|css|json|asar)$/.test(rel)) continue;
        const text = readFileSync(path.join(dir, rel)).toString('latin1');
        expect(text.includes(tmp), rel).toBe(false);
      }
    }
  });

  for (const target of ['dist/electron/main.cjs', 'dist/renderer/index.html', 'package/app.asar']) {
    it(`fails when one byte of ${target} differs, naming only that file`, () => {
      const tampered = path.join(tmp, `tampered-${path.basename(target)}`);
      cpSync(verifyOut(), tampered, { recursive: true });
      writeFileSync(path.join(tampered, target), flipOneByte(readFileSync(path.join(tampered, target))));
      const run = verify(['--compare-only', tampered]);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(new RegExp(`^DIFFERS {3}${target.replaceAll('.', '\\.')} `, 'm'));
      expect(run.stdout.match(/^DIFFERS/gm)).toHaveLength(1);
      expect(run.stdout).toContain('verify-build: FAIL — 1 difference(s)');
    });
  }

  it('fails when a file is missing or an extra one appears', () => {
    const changed = path.join(tmp, 'changed-set');
    cpSync(verifyOut(), changed, { recursive: true });
    rmSync(path.join(changed, 'dist', 'electron', 'preload.cjs'));
    writeFileSync(path.join(changed, 'dist', 'renderer', 'extra.js'), 'alert(1)\n');
    const run = verify(['--compare-only', changed]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^MISSING {3}dist\/electron\/preload\.cjs/m);
    expect(run.stdout).toMatch(/^UNEXPECTEDdist\/renderer\/extra\.js/m);
  });

  it('refuses a provenance whose hashes were edited after signing, or signed by another key', () => {
    const envelope = JSON.parse(readFileSync(provenancePath, 'utf8')) as { provenance: { files: { sha256: string }[] } };
    const edited = path.join(tmp, 'edited-provenance.json');
    envelope.provenance.files[0]!.sha256 = '0'.repeat(64);
    writeFileSync(edited, JSON.stringify(envelope));
    const forged = runReleaseScript(cloneB, 'verify-build.ts', ['--provenance', edited, '--public-key', releaser.publicKey, '--compare-only', verifyOut()]);
    expect(forged.status).toBe(1);
    expect(forged.stderr).toContain('FAIL provenance signature: signature does not verify');

    const stranger = writeKeyPair(path.join(tmp, 'keys'), 'stranger');
    const wrongKey = runReleaseScript(cloneB, 'verify-build.ts', ['--provenance', provenancePath, '--public-key', stranger.publicKey, '--compare-only', verifyOut()]);
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stderr).toMatch(/FAIL provenance signature: signed by key [0-9a-f]{16}, not by the trusted key/);
  });

  it('the escrow archive of the commit, extracted (no .git), rebuilds identical to the provenance', () => {
    const escrowDir = path.join(tmp, 'escrow');
    const created = runReleaseScript(cloneA, 'escrow.ts', ['create', '--commit', 'HEAD', '--out', escrowDir, '--key-file', releaser.privateKey]);
    expect(created.status).toBe(0);
    const tarFile = readdirSync(escrowDir).find((f) => f.endsWith('-source.tar'))!;
    const extracted = path.join(tmp, 'institution-vault');
    mkdirSync(extracted);
    execFileSync('tar', ['-xf', path.join(escrowDir, tarFile)], { cwd: extracted });
    const tree = path.join(extracted, tarFile.replace(/-source\.tar$/, ''));
    symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(tree, 'node_modules'));
    const run = verify(['--out', path.join(tmp, 'from-escrow')], tree);
    expect(run.stdout).toMatch(/^ok {8}checkout: clean \(escrow\)/m);
    expect(run.stdout).toMatch(/verify-build: OK — all \d+ files identical/);
    expect(run.status).toBe(0);
  }, 120_000);

  it('a checkout of another commit fails: the commit, and the bundle the change reached', () => {
    const file = path.join(cloneB, 'electron', 'main', 'index.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nconsole.log('not the escrowed source');\n`);
    gitIn(cloneB, ['commit', '-qam', 'a change after the release']);
    const run = verify(['--out', path.join(tmp, 'other-commit')]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^MISMATCH {2}commit: checkout [0-9a-f]{40}, provenance [0-9a-f]{40}/m);
    expect(run.stdout).toMatch(/^DIFFERS {3}dist\/electron\/main\.cjs /m);
    expect(run.stdout).toMatch(/^DIFFERS {3}package\/app\.asar /m);
    expect(run.stdout).toMatch(/^identical dist\/electron\/preload\.cjs /m);
  }, 120_000);
});

describe('SBOM (CycloneDX) of the release', () => {
  const sbom = (): CycloneDx => JSON.parse(readFileSync(path.join(cloneA, 'release', 'build', 'sbom.cdx.json'), 'utf8')) as CycloneDx;
  const installedVersion = (name: string): string => (JSON.parse(readFileSync(path.join(cloneA, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

  it('lists every package inlined into main and preload (esbuild names each in the bundle) with its installed version', () => {
    const names = new Set<string>();
    for (const bundle of ['main.cjs', 'preload.cjs']) {
      const text = readFileSync(path.join(cloneA, 'release', 'build', 'dist', 'electron', bundle), 'utf8');
      for (const match of text.matchAll(/^\/\/ node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) names.add(match[1]!);
    }
    expect(names.size).toBeGreaterThan(0);
    const components = new Map(sbom().components.map((c) => [c.name, c]));
    for (const name of names) {
      expect(components.get(name)?.version, name).toBe(installedVersion(name));
      expect(components.get(name)?.purl).toBe(`pkg:npm/${name.replace(/^@/, '%40')}@${installedVersion(name)}`);
    }
  });

  it('lists every package the renderer imports at run time, better-sqlite3 (in app.asar), and no build tooling', () => {
    const components = new Map(sbom().components.map((c) => [c.name, c]));
    const rootPackage = JSON.parse(readFileSync(path.join(cloneA, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of Object.keys(rootPackage.dependencies)) expect(components.get(name)?.version, name).toBe(installedVersion(name));
    expect(components.get('better-sqlite3')?.properties).toEqual([{ name: 'channeldesk:shipped-in', value: 'app.asar' }]);
    const imported = rendererRuntimeImports(cloneA);
    expect([...imported]).toEqual(expect.arrayContaining(['react', 'react-dom', 'zustand']));
    for (const name of imported) expect(components.get(name)?.version, name).toBe(installedVersion(name));
    for (const tool of ['vite', 'esbuild', 'typescript', 'vitest', 'eslint', '@playwright/test', 'fastify', '@electron/asar', 'electron']) {
      expect(components.has(tool), tool).toBe(false);
    }
    for (const component of sbom().components) expect(component.hashes?.[0]?.alg).toBe('SHA-512');
  });
});

/**
 * Packages imported for their values by the renderer modules reachable from renderer/src/main.tsx
 * (relative static and dynamic imports followed; `import type` ships nothing). An oracle of its
 * own: it reads our sources, not the bundler's module list the SBOM is made from.
 */
function rendererRuntimeImports(root: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [path.join(root, 'renderer', 'src', 'main.tsx')];
  const importPattern = /(?:^(?:import|export)\s+(?!type\s)(?:[^'"]*?\sfrom\s+)?|import\()\s*'([^']+)'/gm;
  while (queue.length > 0 && seen.size < 5_000) {
    const file = queue.pop()!;
    if (seen.has(file) || !/\.(tsx?|js)$/.test(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(importPattern)) {
      const spec = match[1]!;
      if (spec.startsWith('.')) {
        const base = path.resolve(path.dirname(file), spec);
        const found = [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
        if (found) queue.push(found);
      } else if (!spec.startsWith('node:')) {
        packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
      }
    }
  }
  return packages;
}
