import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves the import walls of docs/architecture.md fire: each forbidden import, linted as
 * if it stood in the folder it must not reach from, yields a no-restricted-imports error,
 * and each allowed one does not.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function wallErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
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
];

const allowed: Array<[string, string]> = [
  ['renderer/src/x.ts', "import { buildDeskApi } from '../../electron/contract/desk-api.ts';"],
  ['electron/core/x.ts', "import { Operator } from '../../institution/contract/api.ts';"],
  ['electron/main/x.ts', "import { app } from 'electron';"],
  ['electron/preload/x.ts', "import { contextBridge } from 'electron';"],
  ['institution/src/x.ts', "import { LoginRequest } from '../contract/api.ts';"],
];

describe('import walls', () => {
  it.each(forbidden)('%s may not: %s', async (file, source) => {
    expect(await wallErrors(file, source)).not.toEqual([]);
  });
  it.each(allowed)('%s may: %s', async (file, source) => {
    expect(await wallErrors(file, source)).toEqual([]);
  });
});
