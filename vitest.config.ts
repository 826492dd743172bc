import { defineConfig } from 'vitest/config';

// Unit tests live next to the code (`*.test.ts[x]`). Renderer tests pick jsdom with a
// `// @vitest-environment jsdom` line; everything else runs on Node 24.
export default defineConfig({
  test: {
    include: ['{electron,institution,renderer,scripts,e2e/host,e2e/lab}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
