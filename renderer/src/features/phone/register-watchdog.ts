/**
 * Bounds "注册中" after the connection is up. JsSIP 3.13.8 ends an unanswered REGISTER itself
 * (Timer F, 32 s → registrationFailed), but a well-formed answer it ignores — a 200 without our
 * Contact — completes the transaction with no event at all, and the phone would say 注册中 for
 * ever. The watchdog fires when neither registered nor failed came within `ms` of connecting
 * (or of its last firing); the registrar then reports the problem and sends a fresh REGISTER
 * (`onStuck` returns whether to keep watching).
 */
export const REGISTER_WATCHDOG_MS = 40_000;

export interface RegisterWatchdog {
  /** Connected, or a REGISTER sent: (re)start the bound. */
  arm(): void;
  /** Registered, failed (JsSIP said so), disconnected or stopped. */
  disarm(): void;
}

export function createRegisterWatchdog(ms: number, onStuck: () => boolean): RegisterWatchdog {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const disarm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const arm = () => {
    disarm();
    timer = setTimeout(() => {
      timer = undefined;
      if (onStuck()) arm();
    }, ms);
  };
  return { arm, disarm };
}
