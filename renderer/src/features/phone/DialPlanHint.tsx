import { useSession, useT } from '../../state/context.tsx';
import { usePhone } from './phone-context.tsx';

/** Why a number was refused before dialing: the institution's allowed patterns, as it wrote them. */
export function DialPlanHint() {
  const t = useT();
  const refused = usePhone((s) => s.problem === 'number-not-in-plan');
  const allowed = useSession((s) => s.policy?.dialPlan?.allowed ?? null);
  if (!refused || allowed === null) return null;
  return (
    <p className="dial-plan-hint" data-testid="phone-dial-plan">
      {allowed.length === 0 ? t('phone.dialPlan.none') : t('phone.dialPlan.allowed', { patterns: allowed.join('、') })}
    </p>
  );
}
