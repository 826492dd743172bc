/**
 * Interop with plain SIP/RTP endpoints (SIPp over UDP) through Kamailio + rtpengine: the
 * WebSocket agent is offered ICE/DTLS-SRTP, the SIPp side plain RTP/AVP, in both call
 * directions, and the relay forgets the call after BYE.
 */
import { describe, expect, it } from 'vitest';
import { agent, operatorId, useTestLab } from './testing/fixture.ts';
import { header } from './testing/sip-message.ts';
import { looksLikePlainRtp, looksLikeWebrtc, mediaAddress, webrtcSdp } from './testing/sdp.ts';
import { startSipp, type SippResult } from './testing/sipp.ts';

const env = useTestLab();

function explain(result: SippResult): string {
  return `SIPp exit ${String(result.code)}\n${result.log}\n${env.lab.logs()}`;
}

function relayed(sdp: string): boolean {
  const address = mediaAddress(sdp);
  return address !== undefined && address.port >= env.lab.rtp.portMin && address.port <= env.lab.rtp.portMax;
}

describe('SIPp (plain RTP) and a WebSocket agent', () => {
  it('SIPp calls a registered agent: the agent sees WebRTC SDP, SIPp sees RTP/AVP, ACK and BYE route through Kamailio', async () => {
    const id = operatorId();
    const desk = await agent(env.lab, id);
    const sipp = await startSipp({ binary: env.lab.binaries.sipp, scenario: 'uac', dir: env.lab.tmp, remotePort: env.lab.udpPort, service: id, timeoutMs: 15_000 });

    const invite = await desk.waitForRequest('INVITE');
    expect(looksLikeWebrtc(invite.body)).toEqual([]);
    expect(relayed(invite.body)).toBe(true);
    desk.reply(invite, 180, 'Ringing');
    desk.reply(invite, 200, 'OK', webrtcSdp('answer', invite.body));
    await desk.waitForRequest('ACK');
    const bye = await desk.waitForRequest('BYE');
    desk.reply(bye, 200, 'OK');

    const result = await sipp.done;
    expect(result.code, explain(result)).toBe(0);
    const answer = result.received.find((message) => message.status === 200 && message.body !== '');
    expect(answer, explain(result)).toBeDefined();
    expect(looksLikePlainRtp(answer?.body ?? '')).toEqual([]);
    expect(relayed(answer?.body ?? '')).toBe(true);
    expect(await env.lab.relayedCalls()).not.toContain(header(invite, 'call-id'));
  });

  it('an agent calls a number: it goes to the SIPp gateway as RTP/AVP and the agent gets ICE/DTLS back', async () => {
    const sipp = await startSipp({ binary: env.lab.binaries.sipp, scenario: 'uas', dir: env.lab.tmp, timeoutMs: 15_000 });
    await env.lab.setGateway(`127.0.0.1:${sipp.port}`);
    const desk = await agent(env.lab, operatorId());

    const call = desk.invite(`sip:+8613800138000@${env.lab.domain}`, webrtcSdp('offer'));
    const answer = await call.final;
    expect(answer.status, env.lab.logs()).toBe(200);
    expect(call.responses.map((response) => response.status)).toContain(180);
    expect(looksLikeWebrtc(answer.body)).toEqual([]);
    expect(relayed(answer.body)).toBe(true);
    const dialog = desk.dialogFromResponse(answer);
    // SIPp's plain contact is reached through the proxy (Record-Route), not directly.
    expect(dialog.routeSet.length).toBeGreaterThanOrEqual(1);
    desk.ack(dialog);
    expect(await env.lab.relayedCalls()).toContain(dialog.callId);
    expect((await desk.bye(dialog).final).status).toBe(200);

    const result = await sipp.done;
    expect(result.code, explain(result)).toBe(0);
    const offer = result.received.find((message) => message.method === 'INVITE');
    expect(offer?.uri).toBe(`sip:+8613800138000@127.0.0.1:${sipp.port}`);
    expect(looksLikePlainRtp(offer?.body ?? '')).toEqual([]);
    expect(relayed(offer?.body ?? '')).toBe(true);
    expect(result.received.map((message) => message.method).filter(Boolean)).toEqual(['INVITE', 'ACK', 'BYE']);
    expect(await env.lab.relayedCalls()).not.toContain(dialog.callId);
  });

  it('the trunk cannot hairpin: SIPp dialling a number through Kamailio is refused', async () => {
    const sipp = await startSipp({ binary: env.lab.binaries.sipp, scenario: 'uac', dir: env.lab.tmp, remotePort: env.lab.udpPort, service: '+8613800138000', timeoutMs: 10_000 });
    const result = await sipp.done;
    expect(result.code).not.toBe(0);
    expect(result.received.map((message) => message.status)).toContain(403);
  });
});
