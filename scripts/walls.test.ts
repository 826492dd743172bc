import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Proves the walls of docs/architecture.md fire. Import walls: each forbidden import,
 * linted as if it stood in the folder it must not reach from, yields a
 * no-restricted-imports error, and each allowed one does not. Those files do not exist, so
 * they are linted without type information (the rule is syntactic). Promise rules: real
 * fixture files, linted with the project's own type-aware config exactly as `eslint .` does.
 */
const root = process.cwd();
const syntactic = new ESLint({ cwd: root, overrideConfig: [{ files: ['**/*.{ts,tsx}'], ...tseslint.configs.disableTypeChecked }] });

async function wallErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await syntactic.lintText(source, { filePath });
  const messages = result?.messages ?? [];
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const forbidden: Array<[string, string]> = [
  ['renderer/src/x.ts', "import { app } from 'electron';"],
  ['renderer/src/x.ts', "import { createDeskCore } from '../../electron/core/desk-core.ts';"],
  ['renderer/src/features/x/y.ts', "import '../../../../electron/main/bootstrap.ts';"],
  ['renderer/src/x.ts', "import '../../electron/preload/index.ts';"],
  ['renderer/src/x.ts', "import { readFileSync } from 'node:fs';"],
  ['renderer/src/x.ts', "import '../../institution/src/server.ts';"],
  ['electron/core/x.ts', "import { BrowserWindow } from 'electron';"],
  ['electron/core/audit/x.ts', "import '../../main/bootstrap.ts';"],
  ['electron/core/x.ts', "import '../../renderer/src/main.tsx';"],
  ['electron/core/x.ts', "import '../../institution/src/server.ts';"],
  ['electron/contract/x.ts', "import { ipcMain } from 'electron';"],
  ['electron/contract/x.ts', "import '../core/desk-core.ts';"],
  ['institution/src/x.ts', "import '../../electron/core/desk-core.ts';"],
  ['institution/src/x.ts', "import { app } from 'electron';"],
  // The preload: electron/contract and electron only.
  ['electron/preload/x.ts', "import { createDeskCore } from '../core/desk-core.ts';"],
  ['electron/preload/x.ts', "import type { DeskCore } from '../core/desk-core.ts';"],
  ['electron/preload/x.ts', "import '../main/origin.ts';"],
  ['electron/preload/x.ts', "import '../../renderer/src/main.tsx';"],
  ['electron/preload/x.ts', "import '../../institution/contract/api.ts';"],
  ['electron/preload/x.ts', "import { readFileSync } from 'node:fs';"],
  ['electron/preload/x.ts', "import { z } from 'zod';"],
  ['electron/preload/x.ts', "import '../contract/../core/desk-core.ts';"],
  ['electron/preload/x.ts', "import './../core/desk-core.ts';"],
  ['electron/preload/x.ts', "import { describe } from 'vitest';"],
  ['electron/preload/x.test.ts', "import '../core/desk-core.ts';"],
  // Main serves the renderer's build, never its code.
  ['electron/main/x.ts', "import { App } from '../../renderer/src/app/App.tsx';"],
  ['electron/main/bridge/x.ts', "import type { SessionStore } from '../../../renderer/src/state/session-store.ts';"],
  ['electron/main/x.ts', "import '../../renderer';"],
  // The browser test host: no Electron, no Electron-bound main module.
  ['e2e/host/x.ts', "import { app } from 'electron';"],
  ['e2e/host/x.ts', "import '../../electron/main/index.ts';"],
  ['e2e/host/x.ts', "import '../../electron/main/index';"],
  ['e2e/host/x.ts', "import '../../electron/main';"],
  ['e2e/host/x.ts', "import type { ElectronDeps } from '../../electron/main/electron-deps.ts';"],
];

const allowed: Array<[string, string]> = [
  ['renderer/src/x.ts', "import { buildDeskApi } from '../../electron/contract/desk-api.ts';"],
  ['electron/core/x.ts', "import { Operator } from '../../institution/contract/api.ts';"],
  ['electron/main/x.ts', "import { app } from 'electron';"],
  ['electron/main/x.ts', "import { createDeskCore } from '../core/desk-core.ts';"],
  ['electron/preload/x.ts', "import { contextBridge } from 'electron';"],
  ['electron/preload/x.ts', "import { buildDeskApi } from '../contract/desk-api.ts';"],
  ['electron/preload/x.ts', "import { createIpcTransport } from './ipc-transport.ts';"],
  ['electron/preload/x.test.ts', "import { EventEmitter } from 'node:events';"],
  ['electron/preload/x.test.ts', "import { describe } from 'vitest';"],
  ['institution/src/x.ts', "import { LoginRequest } from '../contract/api.ts';"],
  ['e2e/host/x.ts', "import { createInvokeGate } from '../../electron/main/bridge/invoke-gate.ts';"],
  ['e2e/host/x.ts', "import { createAppRequestHandler } from '../../electron/main/app-protocol.ts';"],
];

describe('import walls', () => {
  it.each(forbidden)('%s may not: %s', async (file, source) => {
    expect(await wallErrors(file, source)).not.toEqual([]);
  });
  it.each(allowed)('%s may: %s', async (file, source) => {
    expect(await wallErrors(file, source)).toEqual([]);
  });
});

/**
 * Lint sees one import at a time; the host could still reach Electron through a module in
 * between. This walks everything the test host loads (value imports: `import type` is
 * erased, `import { type X }` is not under verbatimModuleSyntax) and checks none of it is
 * Electron or an Electron-bound main module.
 */
function loadedImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  return source.statements.flatMap((s) => {
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly && ts.isStringLiteral(s.moduleSpecifier)) return [s.moduleSpecifier.text];
    if (ts.isExportDeclaration(s) && !s.isTypeOnly && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) return [s.moduleSpecifier.text];
    return [];
  });
}

function testHostClosure(): { files: Set<string>; packages: Set<string> } {
  const hostDir = path.join(root, 'e2e/host');
  const pending = readdirSync(hostDir).filter((f) => /\.tsx?$/.test(f)).map((f) => path.join(hostDir, f));
  const files = new Set<string>();
  const packages = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const specifier of loadedImports(file)) {
      if (!specifier.startsWith('.')) packages.add(specifier);
      else if (/\.tsx?$/.test(specifier) && existsSync(path.resolve(path.dirname(file), specifier))) pending.push(path.resolve(path.dirname(file), specifier));
    }
  }
  return { files, packages };
}

describe('the browser test host at run time', () => {
  it('loads neither Electron nor an Electron-bound main module, directly or through another module', () => {
    const { files, packages } = testHostClosure();
    // The walk really reaches main's shared modules (otherwise this test proves nothing).
    expect(files).toContain(path.join(root, 'electron/main/app-protocol.ts'));
    expect(packages).not.toContain('electron');
    const bound = ['electron/main/index.ts', 'electron/main/electron-deps.ts'].map((f) => path.join(root, f));
    expect([...files].filter((f) => bound.includes(f))).toEqual([]);
  });
});

describe('type-aware promise rules', () => {
  // `ignore: false`: the fixtures are in the global ignores so that `eslint .` stays green.
  const typed = new ESLint({ cwd: root, ignore: false });
  const fixture = (name: string) => path.join(root, 'scripts/fixtures/walls', name);
  const rulesIn = async (name: string) => {
    const [result] = await typed.lintFiles([fixture(name)]);
    return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
  };

  it('a floating promise fails lint', async () => {
    expect(await rulesIn('floating-promise.ts')).toEqual(['@typescript-eslint/no-floating-promises']);
  }, 120_000);

  it('an async listener where a plain callback is expected fails lint', async () => {
    expect(await rulesIn('misused-promise.ts')).toEqual(['@typescript-eslint/no-misused-promises']);
  }, 120_000);

  it('awaited, caught and explicitly void promises pass', async () => {
    expect(await rulesIn('handled-promises.ts')).toEqual([]);
  }, 120_000);

  it.each(['electron/main/bootstrap.ts', 'electron/preload/index.ts', 'renderer/src/main.tsx', 'institution/src/server.ts', 'e2e/host/desk-host.ts', 'scripts/walls.test.ts'])(
    '%s is linted with type information and both rules as errors',
    async (file) => {
      const config = (await typed.calculateConfigForFile(file)) as { rules: Record<string, unknown>; languageOptions: { parserOptions: Record<string, unknown> } };
      expect(config.languageOptions.parserOptions['projectService']).toBeTruthy();
      expect(config.rules['@typescript-eslint/no-floating-promises']).toEqual([2]);
      expect(config.rules['@typescript-eslint/no-misused-promises']).toEqual([2]);
    },
  );
});
