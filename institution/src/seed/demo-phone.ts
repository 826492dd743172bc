import type { PhoneCodes } from '../../contract/api.ts';
import type { DatabaseHandle } from '../db/database-handle.ts';
import type { Clock } from '../clock.ts';
import { createPhoneStore } from '../phone/phone-store.ts';

/**
 * The demo institution's softphone lists, in the words a Chinese card center uses. The
 * renderer's fake desk offers the same lists (renderer/src/test-support/fake-phone.ts);
 * the fake-desk contract test holds the two together.
 */
export const DEMO_PHONE_CODES: PhoneCodes = {
  notReadyReasons: [
    { code: 'break', label: { 'zh-CN': '小休', 'en-US': 'Short break' } },
    { code: 'training', label: { 'zh-CN': '培训', 'en-US': 'Training' } },
    { code: 'meeting', label: { 'zh-CN': '会议', 'en-US': 'Meeting' } },
    { code: 'meal', label: { 'zh-CN': '用餐', 'en-US': 'Meal' } },
    { code: 'after-call-work', label: { 'zh-CN': '事后处理', 'en-US': 'Follow-up work' } },
    // Set by the desk itself when a queue ring times out (ring-no-answer, renderer causes.ts RONA_REASON_CODE).
    { code: 'rona', label: { 'zh-CN': '未接来电', 'en-US': 'Missed call' } },
  ],
  dispositions: [
    { code: 'answered', label: { 'zh-CN': '咨询已解答', 'en-US': 'Enquiry answered' } },
    { code: 'complaint-logged', label: { 'zh-CN': '投诉已受理', 'en-US': 'Complaint logged' } },
    { code: 'referred', label: { 'zh-CN': '转办', 'en-US': 'Referred to another team' } },
    { code: 'callback', label: { 'zh-CN': '需回访', 'en-US': 'Callback needed' } },
    { code: 'invalid-call', label: { 'zh-CN': '无效来电', 'en-US': 'Invalid call' } },
  ],
  wrapUpSeconds: 30,
};

/** Idempotent: codes already present keep their labels and order. */
export async function seedDemoPhone(handle: DatabaseHandle, now: Clock): Promise<void> {
  const phone = createPhoneStore({ db: handle.db, now });
  await phone.addCodes('not-ready', DEMO_PHONE_CODES.notReadyReasons);
  await phone.addCodes('disposition', DEMO_PHONE_CODES.dispositions);
  await phone.setWrapUpSeconds(DEMO_PHONE_CODES.wrapUpSeconds);
}
