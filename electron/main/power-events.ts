import type { LockCause } from '../core/session/keeper.ts';

/**
 * The operator's screen locks the moment the machine sleeps or the OS locks its own screen:
 * whoever opens the lid or unlocks Windows next must not find customer data in an open
 * session. Core decides (it locks only an unlocked session and audits the cause); main only
 * translates Electron's powerMonitor events. Resume and unlock-screen do nothing on purpose:
 * getting back in always takes the operator's password.
 *
 * 'lock-screen' is emitted on Windows and macOS only; 'suspend' everywhere.
 */
export interface PowerMonitorPort {
  on(event: 'suspend', listener: () => void): unknown;
  on(event: 'lock-screen', listener: () => void): unknown;
  /** Seconds since the OS last saw input; core's idle lock reads it (0 where the OS cannot say). */
  getSystemIdleTime(): number;
}

export interface ScreenLocker {
  lockNow(cause: Exclude<LockCause, 'user' | 'idle'>): void;
}

export function lockOnPowerEvents(powerMonitor: PowerMonitorPort, core: ScreenLocker): void {
  powerMonitor.on('suspend', () => core.lockNow('suspend'));
  powerMonitor.on('lock-screen', () => core.lockNow('os-lock'));
}
