/**
 * RFC 4028 session timers, as every call of ours asks for them (JsSIP's `sessionTimersExpires`).
 *
 * What JsSIP 3.13.8 does (read in its RTCSession.js, checked against SIPp in the lab): it sends
 * `Session-Expires: <this>` on INVITE (no Min-SE header), refreshes at half the interval when it
 * is the refresher, and accepts an incoming Session-Expires of 60 s or more. It never retries a
 * 422 Session Interval Too Small: the call simply fails. Its default, 90 s, is below FreeSWITCH's
 * default minimum (120 s), so such a gateway would refuse every call.
 *
 * 1800 s is RFC 4028's recommended value and at or above the Min-SE of Kamailio, Asterisk (90)
 * and FreeSWITCH (120) defaults, so those never answer 422; a far end that demands more than
 * 1800 still does, and that call fails with the generic SIP-failure message (no retry; see
 * docs/architecture.md, softphone). Dead calls are not found by session timers on our side:
 * the WebSocket and the media sampling notice them long before.
 */
export const SESSION_TIMERS_EXPIRES_SECONDS = 1800;
