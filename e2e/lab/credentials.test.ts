/** The reference credential format the institution's issuance must reproduce. */
import { describe, expect, it } from 'vitest';
import { mintSipCredentials } from './credentials.ts';

describe('mintSipCredentials', () => {
  it('matches auth_ephemeral: "<expiry>:<operatorId>" and base64(HMAC-SHA1(secret, username))', () => {
    // Vector computed independently: printf '%s' '1700000600:agent01' | openssl dgst -sha1 -hmac kamailio_rules_0123 -binary | base64
    const credentials = mintSipCredentials('kamailio_rules_0123', 'agent01', 600, 1_700_000_000_000);
    expect(credentials).toEqual({ username: '1700000600:agent01', password: VECTOR, expiresAt: 1_700_000_600 });
  });

  it('refuses operator ids that would make the username ambiguous', () => {
    expect(() => mintSipCredentials('kamailio_rules_0123', 'a:b', 600)).toThrow();
    expect(() => mintSipCredentials('kamailio_rules_0123', '', 600)).toThrow();
  });
});

const VECTOR = 'PbnSnNISf71Nwbz9dxLDYbSFDS4=';
