/**
 * The queue's rtpengine tag pinning (media.cfg.tmpl, RTPE_PIN / RTPE_TAGS): a queue call whose
 * first agent answered with early SDP and whose second agent took it is ONE dialogue for
 * rtpengine, known by the first agent's tag. Checked on the wire with the real Kamailio and
 * rtpengine: rtpengine keeps one port per side for the whole call (a tag it does not know would
 * make a new callee side with new ports — and lose the customer's DTLS-SRTP context), through
 * re-INVITEs from either side, and the second agent's BYE frees the call.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SipMessage } from '../testing/sip-message.ts';
import { agent, operatorId, useTestLab } from '../testing/fixture.ts';
import { mediaAddress, webrtcSdp } from '../testing/sdp.ts';

const RING_MS = 1500;
const env = useTestLab({ ringMs: RING_MS });
afterEach(() => env.lab.rpc('htable.flush', ['ready']));

function port(message: SipMessage | undefined): number | undefined {
  return message?.body === undefined ? undefined : mediaAddress(message.body)?.port;
}

/** Hold (sendonly) or resume (sendrecv) as a WebRTC offer. */
function reoffer(direction: 'sendonly' | 'sendrecv'): string {
  return webrtcSdp('offer').replace('a=sendrecv', `a=${direction}`);
}

/** Entries of the pinning htables (rtpe_pin, rtpe_map). */
async function pinEntries(): Promise<number> {
  const tables = (await env.lab.rpc('htable.stats', [])) as { name: string; all: number }[];
  return tables.filter((table) => table.name.startsWith('rtpe_')).reduce((sum, table) => sum + table.all, 0);
}

describe('queue: rtpengine pinned to the first callee tag', () => {
  it('early SDP from agent 1, ring-no-answer, agent 2 answers: same relay ports on both sides through re-INVITEs both ways; agent 2’s BYE frees the call and the pin', async () => {
    const [first, second] = [operatorId('first'), operatorId('second')];
    const firstUa = await agent(env.lab, first);
    const secondUa = await agent(env.lab, second);
    await env.lab.markReady(first, 1_000);
    await env.lab.markReady(second, 1_001);
    const customer = await agent(env.lab, operatorId('customer'));

    const call = customer.invite(`sip:${env.lab.queue}@${env.lab.domain}`, webrtcSdp('offer'));
    const ringing = await firstUa.waitForRequest('INVITE');
    const agentSide = port(ringing);
    // Early media: the first agent answers the offer in a 183.
    firstUa.reply(ringing, 183, 'Session Progress', webrtcSdp('answer', ringing.body));
    const cancel = await firstUa.waitForRequest('CANCEL', RING_MS + 5000);
    firstUa.reply(cancel, 200, 'OK');
    firstUa.reply(ringing, 487, 'Request Terminated');
    const early = call.responses.find((response) => response.status === 183);
    const customerSide = port(early);
    expect(agentSide).toBeGreaterThan(0);
    expect(customerSide).toBeGreaterThan(0);

    const next = await secondUa.waitForRequest('INVITE', 5000);
    expect(port(next)).toBe(agentSide);
    const agentDialog = secondUa.reply(next, 200, 'OK', webrtcSdp('answer', next.body));
    const answer = await call.final;
    expect(answer.status).toBe(200);
    expect(port(answer)).toBe(customerSide);
    const customerDialog = customer.dialogFromResponse(answer);
    customer.ack(customerDialog);
    await secondUa.waitForRequest('ACK');
    // One pin (the first agent's tag) and one mapping (the second agent's).
    expect(await pinEntries()).toBe(2);

    // The second agent holds: its re-INVITE's From tag is mapped (from-tag=).
    const hold = secondUa.send('INVITE', agentDialog.remoteTarget, { dialog: agentDialog, body: reoffer('sendonly') });
    agentDialog.inviteCseq = agentDialog.cseq;
    const held = await customer.waitForRequest('INVITE');
    expect(port(held)).toBe(customerSide);
    customer.reply(held, 200, 'OK', webrtcSdp('answer', held.body).replace('a=sendrecv', 'a=recvonly'));
    const holdOk = await hold.final;
    expect(holdOk.status).toBe(200);
    expect(port(holdOk)).toBe(agentSide);
    secondUa.ack(agentDialog);
    await customer.waitForRequest('ACK');

    // The customer re-INVITEs (e.g. its own hold/resume): the To tag is mapped (to-tag=).
    const resume = customer.send('INVITE', customerDialog.remoteTarget, { dialog: customerDialog, body: reoffer('sendrecv') });
    customerDialog.inviteCseq = customerDialog.cseq;
    const resumed = await secondUa.waitForRequest('INVITE');
    expect(port(resumed)).toBe(agentSide);
    secondUa.reply(resumed, 200, 'OK', webrtcSdp('answer', resumed.body));
    const resumeOk = await resume.final;
    expect(resumeOk.status).toBe(200);
    expect(port(resumeOk)).toBe(customerSide);
    customer.ack(customerDialog);
    await secondUa.waitForRequest('ACK');
    expect(await env.lab.relayedCalls()).toContain(customerDialog.callId);

    // The second agent hangs up: the relay frees the call at once, Kamailio forgets the pin.
    const bye = secondUa.bye(agentDialog);
    const byeAtCustomer = await customer.waitForRequest('BYE');
    customer.reply(byeAtCustomer, 200, 'OK');
    expect((await bye.final).status).toBe(200);
    expect(await env.lab.relayedCalls()).not.toContain(customerDialog.callId);
    expect(await pinEntries()).toBe(0);
  });
});
