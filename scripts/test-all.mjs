// `npm test`: every gate in the order that fails fastest, then one summary line.
// Each step runs on the project's Node 24 (npm puts node_modules/.bin first on PATH).
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const reports = path.resolve('.tsbuild/reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

const steps = [
  ['lint + import walls', 'eslint', ['.', '--max-warnings=0']],
  ['typecheck', 'tsc', ['-b']],
  ['build', 'npm', ['run', 'build']],
  ['electronegativity', 'node', ['scripts/electronegativity.mjs']],
  ['unit', 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reports}/unit.json`]],
  ['e2e (Chromium)', 'playwright', ['test', '-c', 'e2e/playwright.config.ts']],
];

let failedStep = null;
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/e2e.json` },
  });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status ?? r.signal})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (r.status !== 0) {
    failedStep = name;
    break;
  }
}

function count(file, read) {
  try {
    return read(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return { passed: 0, failed: 0, skipped: 0 };
  }
}
const unit = count(`${reports}/unit.json`, (j) => ({
  passed: j.numPassedTests,
  failed: j.numFailedTests,
  skipped: j.numPendingTests + j.numTodoTests,
}));
const e2e = count(`${reports}/e2e.json`, (j) => ({
  passed: j.stats.expected,
  failed: j.stats.unexpected + j.stats.flaky,
  skipped: j.stats.skipped,
}));
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed + (failedStep ? 1 : 0);
console.log(`\nunit ${unit.passed}/${unit.passed + unit.failed}, e2e ${e2e.passed}/${e2e.passed + e2e.failed} (skipped: ${unit.skipped + e2e.skipped})`);
if (failedStep) console.log(`failed step: ${failedStep}`);
console.log(`${passed} passed, ${failed} failed, ${unit.skipped + e2e.skipped} skipped`);
process.exit(failedStep ? 1 : 0);
