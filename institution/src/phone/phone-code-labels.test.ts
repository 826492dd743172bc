import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/database-handle.ts';
import { openDatabase } from '../db/open-database.ts';
import { createPhoneStore } from './phone-store.ts';

/** Not-ready reasons and dispositions are shown on every desk: a label hiding a character is refused at seeding (real SQLite). */
describe('phone code labels', () => {
  let dir: string;
  let handle: DatabaseHandle;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phone-labels-'));
    handle = await openDatabase(join(dir, 'test.sqlite'));
  });
  afterAll(async () => {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses bidi, invisible and control characters and stores nothing of the refused list; real labels pass', async () => {
    const phone = createPhoneStore({ db: handle.db, now: () => Date.now() });
    for (const bad of ['小休\u202E', '培\u200B训', '\uFEFF会议', 'Lunch\n', '  ']) {
      await expect(phone.addCodes('not-ready', [{ code: 'ok-first', label: { 'zh-CN': '正常', 'en-US': 'Fine' } }, { code: 'hidden', label: { 'zh-CN': bad, 'en-US': 'Break' } }])).rejects.toThrow(RangeError);
      await expect(phone.addCodes('disposition', [{ code: 'hidden', label: { 'zh-CN': '已解决', 'en-US': bad } }])).rejects.toThrow(RangeError);
    }
    expect((await phone.codes()).notReadyReasons).toEqual([]);
    await phone.addCodes('not-ready', [{ code: 'break', label: { 'zh-CN': '小休（15 分钟）', 'en-US': 'Short break · 15 min' } }]);
    expect((await phone.codes()).notReadyReasons.map((c) => c.label['zh-CN'])).toEqual(['小休（15 分钟）']);
  });
});
