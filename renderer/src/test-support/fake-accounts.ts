import type { Policy } from '../../../institution/contract/site-profile.ts';
import type { FakeAccount } from './fake-desk-options.ts';

/** The operators and policy most renderer tests sign in with (the fake desk's defaults). */
export const DEFAULT_POLICY: Policy = { idleLockSeconds: 300, watermark: true };

export const AGENT: FakeAccount = {
  operator: {
    id: 'A1001',
    displayName: '李娜',
    roles: ['agent'],
    permissions: ['calls.handle', 'kb.read', 'tickets.create'],
    team: 'Card-Team-3',
    totpEnabled: false,
    disabled: false,
  },
  password: 'correct horse',
};

export const SUPERVISOR_WITH_TOTP: FakeAccount = {
  operator: {
    id: 'S2001',
    displayName: '王强',
    roles: ['supervisor', 'agent'],
    permissions: ['calls.handle', 'kb.read', 'supervision.monitor', 'reports.read'],
    team: 'Card-Team-3',
    totpEnabled: true,
    disabled: false,
  },
  password: 'battery staple',
  totp: '492817',
};

/** An institution admin who writes the knowledge base (the authoring tests). */
export const KB_AUTHOR: FakeAccount = {
  operator: { id: 'ADM01', displayName: '陈静', roles: ['admin'], permissions: ['kb.edit', 'operators.manage'], team: null, totpEnabled: false, disabled: false },
  password: 'Admin#2026',
};

/** An institution admin who processes tickets and reveals sealed fields (the ticket processing tests). */
export const TICKET_STAFF: FakeAccount = {
  operator: { id: 'ADM01', displayName: '陈静', roles: ['admin'], permissions: ['tickets.process', 'tickets.reveal'], team: null, totpEnabled: false, disabled: false },
  password: 'Admin#2026',
};
