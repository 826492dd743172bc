import type { EnrollmentState } from '../../contract/channels.ts';
import type { InstitutionClient } from '../api/client.ts';
import { takeEnrollmentCode } from '../enrollment/code-custody.ts';
import { createEnroller, type Enroller } from '../enrollment/enroller.ts';
import type { OutboxStore } from '../outbox/store.ts';

const ENROLLED_SETTING = 'workstation.enrolled-key';

export interface WorkstationEnrollmentOptions {
  store: Pick<OutboxStore, 'getSetting' | 'setSetting' | 'putSecret' | 'getSecret' | 'deleteSecret'>;
  client: Pick<InstitutionClient, 'enrollWorkstation'>;
  workstationId: string;
  publicKeySpkiBase64: string;
  /** IT's one-time code from the workstation config, if it handed one in this start. */
  providedCode: string | undefined;
  backoff: { initialMs: number; maxMs: number } | undefined;
  /** The institution accepted the key (now or at an earlier start's): audit may flow. */
  onEnrolled(): void;
  onStateChanged(state: EnrollmentState): void;
  log(message: string): void;
}

/**
 * Start-up step: enroll this workstation's audit key with IT's one-time code, once. The
 * record of success is kept in the store keyed by the public key, so a regenerated key
 * (new data dir) must be enrolled again; the code is forgotten as soon as it is spent.
 */
export function createWorkstationEnrollment(o: WorkstationEnrollmentOptions): Enroller {
  const enrolledValue = `${o.workstationId} ${o.publicKeySpkiBase64}`;
  const enrollmentCode = takeEnrollmentCode(o.store, o.providedCode, o.store.getSetting(ENROLLED_SETTING) === enrolledValue);
  return createEnroller({
    client: o.client,
    workstationId: o.workstationId,
    publicKeySpkiBase64: o.publicKeySpkiBase64,
    enrollmentCode: enrollmentCode.code(),
    record: {
      isEnrolled: () => o.store.getSetting(ENROLLED_SETTING) === enrolledValue,
      markEnrolled: () => o.store.setSetting(ENROLLED_SETTING, enrolledValue),
    },
    ...(o.backoff === undefined ? {} : { backoff: o.backoff }),
    onEnrolled: () => {
      enrollmentCode.spent();
      o.onEnrolled();
    },
    onStateChanged: o.onStateChanged,
    log: o.log,
  });
}
