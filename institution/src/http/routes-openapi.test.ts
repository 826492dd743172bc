import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { API_PREFIX } from '../../contract/api.ts';
import { startInstitutionServer } from '../server.ts';

describe('registered routes', () => {
  it('are exactly the operations openapi.yaml lists', async () => {
    const doc = parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${API_PREFIX}${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const registered: string[] = [];
    const dataDir = await mkdtemp(join(tmpdir(), 'institution-routes-'));
    const server = await startInstitutionServer({ dataDir, onRoute: (method, url) => registered.push(`${method} ${url}`) });
    try {
      expect(registered.sort()).toEqual(documented.sort());
    } finally {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
