import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.ts';
import { permissionsFor } from './permissions.ts';

const PARAMS = { N: 2 ** 12, r: 8, p: 1 };

describe('scrypt password hashing', () => {
  it('verifies the right password and refuses others', async () => {
    const stored = await hashPassword('Agent#2026', PARAMS);
    expect(stored).toMatch(/^scrypt\$4096\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('Agent#2026', stored)).toBe(true);
    expect(await verifyPassword('agent#2026', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash, so equal passwords store differently', async () => {
    const [a, b] = await Promise.all([hashPassword('same', PARAMS), hashPassword('same', PARAMS)]);
    expect(a).not.toBe(b);
    expect(await verifyPassword('same', a)).toBe(true);
    expect(await verifyPassword('same', b)).toBe(true);
  });

  it('never matches a malformed or out-of-range stored hash', async () => {
    const stored = await hashPassword('pw', PARAMS);
    expect(await verifyPassword('pw', stored.replace('scrypt$4096', 'scrypt$4095'))).toBe(false);
    expect(await verifyPassword('pw', stored.replace('scrypt$4096', `scrypt$${2 ** 30}`))).toBe(false);
    expect(await verifyPassword('pw', 'plain-text')).toBe(false);
    expect(await verifyPassword('pw', `${stored}$extra`)).toBe(false);
  });

  it('refuses to hash with unsafe parameters', async () => {
    await expect(hashPassword('pw', { N: 1000, r: 8, p: 1 })).rejects.toThrow(RangeError);
  });
});

describe('role permissions', () => {
  it('maps each role per the one table and unions several roles', () => {
    expect(permissionsFor(['agent'])).toEqual(['calls.handle', 'kb.read', 'tickets.create']);
    expect(permissionsFor(['supervisor'])).toEqual(['calls.handle', 'kb.read', 'reports.read', 'supervision.monitor', 'tickets.create', 'tickets.process']);
    expect(permissionsFor(['qa'])).toEqual(['audit.read', 'kb.read', 'reports.read', 'supervision.monitor']);
    expect(permissionsFor(['admin'])).toEqual(['audit.read', 'kb.edit', 'operators.manage', 'policy.manage', 'reports.read', 'tickets.admin', 'tickets.process', 'tickets.reveal', 'updates.publish']);
    expect(permissionsFor(['agent', 'qa'])).toContain('audit.read');
  });
});
