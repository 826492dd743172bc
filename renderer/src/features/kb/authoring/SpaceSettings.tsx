import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useLocalized, useT } from '../../../state/context.tsx';
import { errorKeys } from '../../../i18n/labels.ts';
import { focusIfLost } from '../../../ui/focus-if-lost.ts';
import { useAuthoring, useSpaceAdmin } from './authoring-context.tsx';
import { SPACE_ROLES, type SpaceProblem, type SpaceRole } from './space-admin-store.ts';

/**
 * "管理知识空间" under the space picker (authors, kb.edit): who may read the chosen space, and a
 * new space. A disclosure, so the article list keeps its place; plain form controls, so every
 * step works from the keyboard (Space/Enter on the summary, Tab through the fields).
 */
export function SpaceSettings() {
  const t = useT();
  const spaceId = useAuthoring((s) => s.spaceId);
  const space = useAuthoring((s) => s.spaces.find((x) => x.id === s.spaceId));
  // Saving or creating disables its button, and the form it sat in is rebuilt for the saved roles or
  // the new space: the focus, dropped to <body>, goes back to the top of these settings (the status line says what happened).
  const busy = useSpaceAdmin((s) => s.busy);
  const summaryRef = useRef<HTMLElement>(null);
  const wasBusy = useRef(false);
  useEffect(() => {
    if (busy !== null) wasBusy.current = true;
    else if (wasBusy.current) {
      wasBusy.current = false;
      focusIfLost(summaryRef.current);
    }
  }, [busy]);
  return (
    <details className="kb-author__spaces" data-testid="kb-space-settings">
      <summary ref={summaryRef} data-testid="kb-space-settings-toggle">{t('kb.authoring.spaces.manage')}</summary>
      {/* Keyed by space: choosing another space starts from that space's roles. */}
      {space !== undefined && <ReadRoles key={`${spaceId}:${space.readRoles.join(',')}`} spaceId={space.id} name={{ 'zh-CN': space.nameZh, 'en-US': space.nameEn }} current={space.readRoles} />}
      <NewSpaceForm />
      <SpaceStatus />
    </details>
  );
}

function RoleBoxes({ legend, chosen, onChange, testId }: { legend: string; chosen: readonly SpaceRole[]; onChange: (roles: SpaceRole[]) => void; testId: string }) {
  const t = useT();
  return (
    <fieldset className="kb-author__roles" data-testid={testId}>
      <legend>{legend}</legend>
      {SPACE_ROLES.map((role) => (
        <label key={role} className="kb-author__role">
          <input
            type="checkbox"
            data-role={role}
            checked={chosen.includes(role)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, role] : chosen.filter((r) => r !== role))}
          />
          {t(`role.${role}`)}
        </label>
      ))}
    </fieldset>
  );
}

function ReadRoles({ spaceId, name, current }: { spaceId: string; name: { 'zh-CN': string; 'en-US': string }; current: readonly SpaceRole[] }) {
  const t = useT();
  const pick = useLocalized();
  const busy = useSpaceAdmin((s) => s.busy);
  const setRoles = useSpaceAdmin((s) => s.setRoles);
  const [chosen, setChosen] = useState<SpaceRole[]>([...current]);
  const unchanged = chosen.length === current.length && chosen.every((r) => current.includes(r));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void setRoles(spaceId, chosen);
  };
  return (
    <form className="kb-author__space-form" onSubmit={submit} data-testid="kb-space-roles-form" data-space-id={spaceId}>
      <RoleBoxes legend={t('kb.authoring.spaces.readers', { name: pick(name) })} chosen={chosen} onChange={setChosen} testId="kb-space-roles" />
      <p className="kb-author__note">{t('kb.authoring.spaces.readersHint')}</p>
      <button type="submit" className="button button--small" data-testid="kb-space-roles-save" disabled={busy !== null || unchanged}>
        {busy === 'saving-roles' ? t('kb.authoring.spaces.working') : t('kb.authoring.spaces.saveRoles')}
      </button>
    </form>
  );
}

function NewSpaceForm() {
  const t = useT();
  const busy = useSpaceAdmin((s) => s.busy);
  const create = useSpaceAdmin((s) => s.create);
  const [id, setId] = useState('');
  const [nameZh, setNameZh] = useState('');
  const [nameEn, setNameEn] = useState('');
  const [roles, setRoles] = useState<SpaceRole[]>([]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!(await create({ id, nameZh, nameEn, readRoles: roles }))) return;
    setId('');
    setNameZh('');
    setNameEn('');
    setRoles([]);
  };
  return (
    <form className="kb-author__space-form" onSubmit={(e) => void submit(e)} data-testid="kb-space-new-form" aria-label={t('kb.authoring.spaces.create')}>
      <p className="kb-author__subheading">{t('kb.authoring.spaces.create')}</p>
      <label className="field__label" htmlFor="kb-space-new-id">
        {t('kb.authoring.spaces.id')}
      </label>
      <input id="kb-space-new-id" className="field__input" data-testid="kb-space-new-id" value={id} autoComplete="off" spellCheck={false} maxLength={32} onChange={(e) => setId(e.target.value)} />
      <label className="field__label" htmlFor="kb-space-new-zh">
        {t('kb.authoring.spaces.nameZh')}
      </label>
      <input id="kb-space-new-zh" className="field__input" data-testid="kb-space-new-zh" value={nameZh} maxLength={40} onChange={(e) => setNameZh(e.target.value)} />
      <label className="field__label" htmlFor="kb-space-new-en">
        {t('kb.authoring.spaces.nameEn')}
      </label>
      <input id="kb-space-new-en" className="field__input" data-testid="kb-space-new-en" value={nameEn} maxLength={60} onChange={(e) => setNameEn(e.target.value)} />
      <RoleBoxes legend={t('kb.authoring.spaces.newReaders')} chosen={roles} onChange={setRoles} testId="kb-space-new-roles" />
      <button type="submit" className="button button--small" data-testid="kb-space-create" disabled={busy !== null}>
        {busy === 'creating' ? t('kb.authoring.spaces.working') : t('kb.authoring.spaces.createButton')}
      </button>
    </form>
  );
}

const PROBLEM_KEYS = {
  'bad-id': 'kb.authoring.spaces.badId',
  'name-required': 'kb.authoring.spaces.nameRequired',
  'name-too-long': 'kb.authoring.spaces.nameTooLong',
} as const;

/** What the last action did or why it did not (a live region, so a screen reader hears it too). */
function SpaceStatus() {
  const t = useT();
  const pick = useLocalized();
  const problem = useSpaceAdmin((s) => s.problem);
  const notice = useSpaceAdmin((s) => s.notice);
  const space = useAuthoring((s) => s.spaces.find((x) => x.id === notice?.spaceId));
  const text = (p: SpaceProblem): string => (p in PROBLEM_KEYS ? t(PROBLEM_KEYS[p as keyof typeof PROBLEM_KEYS]) : t(errorKeys[p as keyof typeof errorKeys]));
  const name = space === undefined ? (notice?.spaceId ?? '') : pick({ 'zh-CN': space.nameZh, 'en-US': space.nameEn });
  return (
    <p className="kb-author__note" role="status" data-testid="kb-space-status" data-problem={problem ?? undefined}>
      {problem !== null ? text(problem) : notice === null ? '' : t(notice.kind === 'created' ? 'kb.authoring.spaces.created' : 'kb.authoring.spaces.rolesSaved', { name })}
    </p>
  );
}
