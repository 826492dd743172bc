import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeskApi } from '../../../electron/contract/desk-api.ts';
import type { AuditStatus, ConnectionState, DeskInfo, EnrollmentState, LoginArgs, SessionState } from '../../../electron/contract/channels.ts';
import type { DeskError, DeskResult } from '../../../electron/contract/errors.ts';

export type StartupPhase = 'starting' | 'ready' | 'failed';
export type Policy = DeskInfo['policy'];
export type InstitutionName = DeskInfo['institutionName'];

/**
 * What the renderer knows about this workstation and its session, held in memory only.
 * The operator object exists only inside `session` (active/locked); a logged-out state
 * replaces it, so nothing about the last operator survives a logout or revocation.
 */
export interface SessionData {
  phase: StartupPhase;
  startupError: DeskError | null;
  workstationId: string | null;
  /** Whether the institution has enrolled this workstation; null until the desk info is loaded. */
  enrollment: EnrollmentState | null;
  institutionName: InstitutionName | null;
  connection: ConnectionState;
  session: SessionState;
  policy: Policy | null;
  /** Audit events not yet acknowledged by the institution; null until first reported. */
  auditBacklog: number | null;
}

export interface SessionActions {
  /** Subscribes to the desk events, then loads the desk info. Returns the unsubscribe. */
  start(): () => void;
  /** Loads the desk info again after a failed start. */
  retry(): void;
  login(args: LoginArgs): Promise<DeskResult<SessionState>>;
  logout(): Promise<DeskResult<SessionState>>;
  lock(): Promise<DeskResult<SessionState>>;
  unlock(password: string): Promise<DeskResult<SessionState>>;
}

export type SessionStoreState = SessionData & SessionActions;

const LOGGED_OUT: SessionState = { status: 'logged-out', reason: null };

function initialData(): SessionData {
  return {
    phase: 'starting',
    startupError: null,
    workstationId: null,
    enrollment: null,
    institutionName: null,
    connection: 'connecting',
    session: LOGGED_OUT,
    policy: null,
    auditBacklog: null,
  };
}

/** A transport that rejects (not a DeskResult) is reported as an internal error, never thrown into React. */
async function settle<T>(call: () => Promise<DeskResult<T>>): Promise<DeskResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, error: { code: 'internal' } };
  }
}

export function createSessionStore(desk: DeskApi): StoreApi<SessionStoreState> {
  return createStore<SessionStoreState>()((set, get) => {
    // Events may arrive while session.info is in flight; whatever they set is newer than
    // the info answer, so the answer must not overwrite those fields.
    const noneSeen = () => ({ session: false, connection: false, enrollment: false, policy: false, audit: false });
    let eventSeen = noneSeen();

    const applySession = (session: SessionState) => set({ session });
    const applyResult = (result: DeskResult<SessionState>) => {
      if (result.ok) applySession(result.value);
      return result;
    };
    const applyAudit = (status: AuditStatus) => set({ auditBacklog: status.backlog });

    const loadInfo = async () => {
      eventSeen = noneSeen();
      const [info, audit] = await Promise.all([settle(() => desk.session.info()), settle(() => desk.audit.status())]);
      if (!info.ok) {
        set({ phase: 'failed', startupError: info.error });
        return;
      }
      const v = info.value;
      set({
        phase: 'ready',
        startupError: null,
        workstationId: v.workstationId,
        institutionName: v.institutionName,
        ...(eventSeen.enrollment ? {} : { enrollment: v.enrollment }),
        ...(eventSeen.connection ? {} : { connection: v.connection }),
        ...(eventSeen.session ? {} : { session: v.session }),
        ...(eventSeen.policy ? {} : { policy: v.policy }),
      });
      if (audit.ok && !eventSeen.audit) applyAudit(audit.value);
    };

    return {
      ...initialData(),
      start() {
        const unsubscribers = [
          desk.session.onChanged((session) => {
            eventSeen.session = true;
            applySession(session);
          }),
          desk.connection.onChanged((connection) => {
            eventSeen.connection = true;
            set({ connection });
          }),
          // Core settles the enrollment in the background (start-up, a login's attempt) and
          // announces each change: no polling of session.info.
          desk.enrollment.onChanged((enrollment) => {
            eventSeen.enrollment = true;
            set({ enrollment });
          }),
          desk.policy.onChanged((policy) => {
            eventSeen.policy = true;
            set({ policy });
          }),
          desk.audit.onStatusChanged((status) => {
            eventSeen.audit = true;
            applyAudit(status);
          }),
        ];
        if (get().phase !== 'ready') {
          set({ phase: 'starting', startupError: null });
          void loadInfo();
        }
        return () => unsubscribers.forEach((off) => off());
      },
      retry() {
        if (get().phase === 'failed') {
          set({ phase: 'starting', startupError: null });
          void loadInfo();
        }
      },
      login: async (args) => applyResult(await settle(() => desk.session.login(args))),
      logout: async () => applyResult(await settle(() => desk.session.logout())),
      lock: async () => applyResult(await settle(() => desk.session.lock())),
      unlock: async (password) => applyResult(await settle(() => desk.session.unlock({ password }))),
    };
  });
}

/** The signed-in operator, or null; `locked` still has one (the workspace stays mounted). */
export function currentOperator(state: SessionData) {
  return state.session.status === 'logged-out' ? null : state.session.operator;
}
