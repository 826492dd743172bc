import type { AgentStateReport } from '../../../../electron/contract/phone.ts';

/**
 * What the agent chose (示闲 / 示忙 with a reason) and what the phone is doing combine into
 * the state the institution sees. A call always wins: 振铃 while it rings, 通话中 from
 * dialing to hang-up, then 话后整理 until the wrap-up is finished (after-call.ts); without a
 * registration the agent is 离线 whatever they chose.
 */
export type Availability = { kind: 'unset' } | { kind: 'ready' } | { kind: 'not-ready'; reasonCode: string };

export type CallPhase = 'ringing' | 'dialing' | 'progress' | 'connecting' | 'active';

export function agentStateOf(registered: boolean, call: { phase: CallPhase; callId: string } | null, availability: Availability, wrapUpCallId: string | null = null): AgentStateReport {
  if (call !== null) {
    return { state: call.phase === 'ringing' ? 'ringing' : 'on-call', reasonCode: null, callId: reportableCallId(call.callId) };
  }
  // Wrap-up is work on the call just ended: it holds the agent whatever they chose, registered or not.
  if (wrapUpCallId !== null) return { state: 'wrap-up', reasonCode: null, callId: reportableCallId(wrapUpCallId) };
  if (!registered || availability.kind === 'unset') return { state: 'offline', reasonCode: null, callId: null };
  if (availability.kind === 'ready') return { state: 'ready', reasonCode: null, callId: null };
  return { state: 'not-ready', reasonCode: availability.reasonCode, callId: null };
}

export function sameReport(a: AgentStateReport | null, b: AgentStateReport): boolean {
  return a !== null && a.state === b.state && a.reasonCode === b.reasonCode && a.callId === b.callId;
}

/**
 * A SIP Call-ID in the report's alphabet ([A-Za-z0-9._@-], ≤ 128): other characters become
 * '-', so the supervisor view can still match it with the SBC's records by eye.
 */
export function reportableCallId(callId: string): string {
  const cleaned = callId.replace(/[^A-Za-z0-9._@-]/g, '-').slice(0, 128);
  return cleaned === '' ? 'unknown' : cleaned;
}
