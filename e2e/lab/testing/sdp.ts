/**
 * TEST ONLY — fixed SDP bodies for signalling tests. The WebRTC ones look like Chromium's
 * (ICE, DTLS fingerprint, rtcp-mux, UDP/TLS/RTP/SAVPF) so rtpengine treats them as WebRTC; no
 * media flows, the tests check what rtpengine writes into the SDP on the other side.
 */
import { randomBytes } from 'node:crypto';

function fingerprint(): string {
  return [...randomBytes(32)].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** A Chromium-like audio section; an answer should echo the offer's mid (`answerTo`). */
export function webrtcSdp(role: 'offer' | 'answer', answerTo?: string, port = 9): string {
  const mid = answerTo === undefined ? '0' : (/^a=mid:(\S+)/m.exec(answerTo)?.[1] ?? '0');
  const id = BigInt(`0x${randomBytes(7).toString('hex')}`).toString();
  return [
    'v=0',
    `o=- ${id} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    `m=audio ${port} UDP/TLS/RTP/SAVPF 111 0`,
    'c=IN IP4 127.0.0.1',
    'a=rtcp:9 IN IP4 0.0.0.0',
    `a=candidate:1 1 udp 2122260223 127.0.0.1 ${port} typ host generation 0`,
    `a=ice-ufrag:${randomBytes(3).toString('hex')}`,
    `a=ice-pwd:${randomBytes(12).toString('hex')}`,
    `a=fingerprint:sha-256 ${fingerprint()}`,
    `a=setup:${role === 'offer' ? 'actpass' : 'active'}`,
    `a=mid:${mid}`,
    'a=sendrecv',
    'a=rtcp-mux',
    'a=rtpmap:111 opus/48000/2',
    'a=rtpmap:0 PCMU/8000',
    '',
  ].join('\r\n');
}

/** What a WebRTC leg must see after rtpengine: ICE candidates, DTLS, SRTP profile, mux. */
export function looksLikeWebrtc(sdp: string): string[] {
  const problems: string[] = [];
  if (!/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF /m.test(sdp)) problems.push('m-line is not UDP/TLS/RTP/SAVPF');
  if (!/^a=candidate:.* 127\.0\.0\.1 \d+ typ host/m.test(sdp)) problems.push('no host ICE candidate on 127.0.0.1');
  if (!/^a=ice-ufrag:/m.test(sdp) || !/^a=ice-pwd:/m.test(sdp)) problems.push('no ICE credentials');
  if (!/^a=fingerprint:/m.test(sdp)) problems.push('no DTLS fingerprint');
  if (/^a=crypto:/m.test(sdp)) problems.push('SDES a=crypto present');
  if (!/^a=rtcp-mux/m.test(sdp)) problems.push('no rtcp-mux');
  return problems;
}

/** What a plain-RTP leg (SIPp, a desk phone, a gateway) must see after rtpengine. */
export function looksLikePlainRtp(sdp: string): string[] {
  const problems: string[] = [];
  if (!/^m=audio \d+ RTP\/AVP /m.test(sdp)) problems.push('m-line is not RTP/AVP');
  for (const attribute of ['a=candidate', 'a=ice-ufrag', 'a=fingerprint', 'a=crypto', 'a=setup']) {
    if (new RegExp(`^${attribute}`, 'm').test(sdp)) problems.push(`${attribute} present`);
  }
  return problems;
}

/** The media address rtpengine put in (c= and m= port), for "anchored by the relay" checks. */
export function mediaAddress(sdp: string): { ip: string; port: number } | undefined {
  const ip = /^c=IN IP4 (\S+)/m.exec(sdp)?.[1];
  const port = /^m=audio (\d+) /m.exec(sdp)?.[1];
  return ip === undefined || port === undefined ? undefined : { ip, port: Number(port) };
}
