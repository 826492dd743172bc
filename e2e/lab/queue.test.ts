/**
 * The lab's queue (4000): rings Ready agents only, longest-Ready first, one at a time; no
 * answer within the ring time, busy or decline moves to the next Ready agent; nobody left
 * is 480. Readiness comes from outside (htable "ready", set over jsonrpc).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SipUa } from './testing/sip-client.ts';
import { agent, operatorId, useTestLab } from './testing/fixture.ts';
import { header } from './testing/sip-message.ts';
import { looksLikePlainRtp, webrtcSdp } from './testing/sdp.ts';
import { startSipp } from './testing/sipp.ts';

const RING_MS = 1500;
const env = useTestLab({ ringMs: RING_MS });
// Readiness lives in Kamailio's htable, which only the tests change (agents are closed by useTestLab).
afterEach(() => env.lab.rpc('htable.flush', ['ready']));

function callQueue(customer: SipUa): ReturnType<SipUa['invite']> {
  return customer.invite(`sip:${env.lab.queue}@${env.lab.domain}`, webrtcSdp('offer'));
}

/** Agents registered now; `ready` ones marked Ready in the given order (first = longest). */
async function team(names: string[], ready: string[]): Promise<Map<string, SipUa>> {
  const uas = new Map<string, SipUa>();
  for (const name of names) uas.set(name, await agent(env.lab, name));
  for (const [index, name] of ready.entries()) await env.lab.markReady(name, 1_000 + index);
  return uas;
}

describe('queue', () => {
  it('with nobody Ready the caller gets 480 at once', async () => {
    await team([operatorId()], []);
    const customer = await agent(env.lab, operatorId('customer'));
    expect((await callQueue(customer).final).status).toBe(480);
  });

  it('rings the longest-Ready agent, never a registered agent who is not Ready', async () => {
    const [notReady, second, first] = [operatorId('notready'), operatorId('second'), operatorId('first')];
    const agents = await team([notReady, second, first], [first, second]);
    const customer = await agent(env.lab, operatorId('customer'));
    const call = callQueue(customer);
    const invite = await agents.get(first)?.waitForRequest('INVITE');
    if (invite === undefined) throw new Error('no agent');
    agents.get(first)?.reply(invite, 200, 'OK', webrtcSdp('answer', invite.body));
    expect((await call.final).status).toBe(200);
    await expect(agents.get(notReady)?.waitForRequest('INVITE', 300)).rejects.toThrow(/waiting for INVITE/);
    await expect(agents.get(second)?.waitForRequest('INVITE', 10)).rejects.toThrow(/waiting for INVITE/);
  });

  it('an unanswered ring times out and moves to the next Ready agent (the first one is cancelled)', async () => {
    const [first, second] = [operatorId('first'), operatorId('second')];
    const agents = await team([first, second], [first, second]);
    const customer = await agent(env.lab, operatorId('customer'));
    const call = callQueue(customer);
    const ringing = await agents.get(first)?.waitForRequest('INVITE');
    if (ringing === undefined) throw new Error('no agent');
    agents.get(first)?.reply(ringing, 180, 'Ringing');
    // No answer: after the ring time the proxy cancels this leg and rings the next agent.
    const cancel = await agents.get(first)?.waitForRequest('CANCEL', RING_MS + 5000);
    if (cancel === undefined) throw new Error('no CANCEL');
    expect(header(cancel, 'call-id')).toBe(header(ringing, 'call-id'));
    // The SBC says why (RFC 3326): the ring timed out — what the desk turns into 示忙 (未接).
    expect(header(cancel, 'reason')).toMatch(/^SIP;\s*cause=480\b/);
    const next = await agents.get(second)?.waitForRequest('INVITE', 5000);
    if (next === undefined) throw new Error('no next agent');
    agents.get(second)?.reply(next, 200, 'OK', webrtcSdp('answer', next.body));
    const answer = await call.final;
    expect(answer.status).toBe(200);
    expect(call.responses.map((response) => response.status)).toContain(180);
    const dialog = customer.dialogFromResponse(answer);
    customer.ack(dialog);
    await agents.get(second)?.waitForRequest('ACK');
  });

  it('a declining agent and a Ready agent who is not registered are skipped', async () => {
    const [decliner, offline, taker] = [operatorId('decliner'), operatorId('offline'), operatorId('taker')];
    const agents = await team([decliner, taker], []);
    await env.lab.markReady(decliner, 1);
    await env.lab.markReady(offline, 2);
    await env.lab.markReady(taker, 3);
    const customer = await agent(env.lab, operatorId('customer'));
    const call = callQueue(customer);
    const first = await agents.get(decliner)?.waitForRequest('INVITE');
    if (first === undefined) throw new Error('no agent');
    agents.get(decliner)?.reply(first, 486, 'Busy Here');
    const next = await agents.get(taker)?.waitForRequest('INVITE');
    if (next === undefined) throw new Error('no next agent');
    agents.get(taker)?.reply(next, 200, 'OK', webrtcSdp('answer', next.body));
    expect((await call.final).status).toBe(200);
  });

  it('when every Ready agent declined, the caller gets 480 and the relay forgets the call', async () => {
    const [a, b] = [operatorId('a'), operatorId('b')];
    const agents = await team([a, b], [a, b]);
    const customer = await agent(env.lab, operatorId('customer'));
    const call = callQueue(customer);
    for (const name of [a, b]) {
      const ua = agents.get(name);
      const invite = await ua?.waitForRequest('INVITE');
      if (ua === undefined || invite === undefined) throw new Error('no agent');
      ua.reply(invite, 603, 'Decline');
    }
    const final = await call.final;
    expect(final.status).toBe(480);
    expect(await env.lab.relayedCalls()).not.toContain(header(final, 'call-id'));
  });

  it('a caller hanging up while an agent rings cancels that agent and rings nobody else', async () => {
    const [first, second] = [operatorId('first'), operatorId('second')];
    const agents = await team([first, second], [first, second]);
    const customer = await agent(env.lab, operatorId('customer'));
    const call = callQueue(customer);
    const invite = await agents.get(first)?.waitForRequest('INVITE');
    if (invite === undefined) throw new Error('no agent');
    agents.get(first)?.reply(invite, 180, 'Ringing');
    const cancel = customer.cancel(call);
    expect((await cancel.final).status).toBe(200);
    expect((await call.final).status).toBe(487);
    const agentCancel = await agents.get(first)?.waitForRequest('CANCEL');
    expect(agentCancel?.method).toBe('CANCEL');
    // The caller gave up: no ring-timeout Reason, so the agent is not taken out as unanswered.
    expect(agentCancel === undefined ? undefined : header(agentCancel, 'reason')).toBeUndefined();
    await expect(agents.get(second)?.waitForRequest('INVITE', RING_MS + 3000)).rejects.toThrow(/waiting for INVITE/);
  });

  it('a SIPp (plain RTP) customer reaches a Ready WebSocket agent through the queue', async () => {
    const id = operatorId();
    const agents = await team([id], [id]);
    const sipp = await startSipp({ binary: env.lab.binaries.sipp, scenario: 'uac', dir: env.lab.tmp, remotePort: env.lab.udpPort, service: env.lab.queue, timeoutMs: 15_000 });
    const desk = agents.get(id);
    const invite = await desk?.waitForRequest('INVITE');
    if (desk === undefined || invite === undefined) throw new Error('no agent');
    desk.reply(invite, 200, 'OK', webrtcSdp('answer', invite.body));
    await desk.waitForRequest('ACK');
    desk.reply(await desk.waitForRequest('BYE'), 200, 'OK');
    const result = await sipp.done;
    expect(result.code, result.log).toBe(0);
    expect(looksLikePlainRtp(result.received.find((message) => message.status === 200 && message.body !== '')?.body ?? '')).toEqual([]);
  });
});
