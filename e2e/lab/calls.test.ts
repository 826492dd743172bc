/**
 * Calls between two registered WebSocket agents through the proxy (real Kamailio +
 * rtpengine): 180/200/ACK/BYE reach the other side along Kamailio's route set, and rtpengine
 * anchors the media (its own ICE candidates, fingerprint and ports on both legs).
 */
import { describe, expect, it } from 'vitest';
import { agent, operatorId, useTestLab } from './testing/fixture.ts';
import { header, headerValues, uriOf, userOf } from './testing/sip-message.ts';
import { looksLikeWebrtc, mediaAddress, webrtcSdp } from './testing/sdp.ts';

const env = useTestLab();

function inRelayRange(sdp: string): boolean {
  const address = mediaAddress(sdp);
  return address !== undefined && address.ip === '127.0.0.1' && address.port >= env.lab.rtp.portMin && address.port <= env.lab.rtp.portMax;
}

describe('agent to agent', () => {
  it('INVITE over WS to an agent on WSS: 180, 200, ACK and BYE go end to end through Kamailio', async () => {
    const callerId = operatorId('caller');
    const calleeId = operatorId('callee');
    const caller = await agent(env.lab, callerId);
    const callee = await agent(env.lab, calleeId, { url: env.lab.wssUrl });

    const offer = webrtcSdp('offer', undefined, 40_000);
    const call = caller.invite(`sip:${calleeId}@${env.lab.domain}`, offer);
    const incoming = await callee.waitForRequest('INVITE');
    // The proxy authenticated and consumed the caller's credentials; the callee never sees them.
    expect(userOf(uriOf(header(incoming, 'from') ?? ''))).toBe(callerId);
    expect(header(incoming, 'proxy-authorization')).toBeUndefined();
    expect(headerValues(incoming, 'record-route').length).toBeGreaterThanOrEqual(1);
    // rtpengine anchored the media: the callee is offered the relay, not the caller's port.
    expect(looksLikeWebrtc(incoming.body)).toEqual([]);
    expect(inRelayRange(incoming.body)).toBe(true);
    expect(incoming.body).not.toContain(' 40000 typ host');

    callee.reply(incoming, 180, 'Ringing');
    const dialogAtCallee = callee.reply(incoming, 200, 'OK', webrtcSdp('answer', incoming.body, 41_000));
    const answer = await call.final;
    expect(call.responses.map((response) => response.status)).toEqual([407, 100, 180, 200]);
    expect(looksLikeWebrtc(answer.body)).toEqual([]);
    expect(inRelayRange(answer.body)).toBe(true);
    // Toward a WebRTC caller the relay takes the active DTLS role (never passive: measured
    // to break Chromium).
    expect(answer.body).toMatch(/^a=setup:active/m);

    const dialog = caller.dialogFromResponse(answer);
    // The callee's .invalid contact was aliased by the proxy so in-dialog requests can reach it.
    expect(dialog.remoteTarget).toMatch(/;alias=127\.0\.0\.1~\d+~6/);
    caller.ack(dialog);
    const ack = await callee.waitForRequest('ACK');
    expect(header(ack, 'call-id')).toBe(dialog.callId);

    expect(await env.lab.relayedCalls()).toContain(dialog.callId);
    const bye = caller.bye(dialog);
    const byeIn = await callee.waitForRequest('BYE');
    expect(header(byeIn, 'call-id')).toBe(dialog.callId);
    callee.reply(byeIn, 200, 'OK');
    expect((await bye.final).status).toBe(200);
    expect(dialogAtCallee.callId).toBe(dialog.callId);
    // The relay forgot the call with the BYE.
    expect(await env.lab.relayedCalls()).not.toContain(dialog.callId);
  });

  it('the callee can hang up too: its BYE follows the route set back to the caller', async () => {
    const caller = await agent(env.lab, operatorId('caller'), { url: env.lab.wssUrl });
    const calleeId = operatorId('callee');
    const callee = await agent(env.lab, calleeId);
    const call = caller.invite(`sip:${calleeId}@${env.lab.domain}`, webrtcSdp('offer'));
    const incoming = await callee.waitForRequest('INVITE');
    const dialogAtCallee = callee.reply(incoming, 200, 'OK', webrtcSdp('answer', incoming.body));
    caller.ack(caller.dialogFromResponse(await call.final));
    await callee.waitForRequest('ACK');

    const bye = callee.bye(dialogAtCallee);
    const byeIn = await caller.waitForRequest('BYE');
    caller.reply(byeIn, 200, 'OK');
    expect((await bye.final).status).toBe(200);
  });

  it('a declined call ends with the callee\'s 486 at the caller', async () => {
    const caller = await agent(env.lab, operatorId('caller'));
    const calleeId = operatorId('callee');
    const callee = await agent(env.lab, calleeId);
    const call = caller.invite(`sip:${calleeId}@${env.lab.domain}`, webrtcSdp('offer'));
    const incoming = await callee.waitForRequest('INVITE');
    expect(await env.lab.relayedCalls()).toContain(header(incoming, 'call-id'));
    callee.reply(incoming, 486, 'Busy Here');
    expect((await call.final).status).toBe(486);
    // ...and its relay ports are freed right away, not at rtpengine's offer timeout.
    expect(await env.lab.relayedCalls()).not.toContain(header(incoming, 'call-id'));
  });

  it('an agent who is not registered is 480, not an error', async () => {
    const caller = await agent(env.lab, operatorId('caller'));
    expect((await caller.invite(`sip:${operatorId('nobody')}@${env.lab.domain}`, webrtcSdp('offer')).final).status).toBe(480);
  });

  it('a new registration replaces the old desk connection (one contact per agent)', async () => {
    const id = operatorId();
    const oldDesk = await agent(env.lab, id);
    const newDesk = await agent(env.lab, id);
    const caller = await agent(env.lab, operatorId('caller'));
    const call = caller.invite(`sip:${id}@${env.lab.domain}`, webrtcSdp('offer'));
    const incoming = await newDesk.waitForRequest('INVITE');
    newDesk.reply(incoming, 486, 'Busy Here');
    expect((await call.final).status).toBe(486);
    await expect(oldDesk.waitForRequest('INVITE', 300)).rejects.toThrow(/waiting for INVITE/);
  });
});
