/**
 * Where the operator's input is, as far as copy-out is concerned. Zod-free on purpose: the
 * renderer's page guard (renderer/src/features/kb/protection) and the preload's trusted
 * observer (electron/preload/input-area-observer.ts) both run it, and the renderer may use
 * only zod-free contract modules at run time (docs/architecture.md, "Import walls").
 *
 * The page marks what must never leave the desk:
 * - `data-desk-protected="kb"` on a knowledge-base article (with `data-desk-article-id` and
 *   `data-desk-article-version`, ids only);
 * - `data-desk-sensitive` on a field or group whose values are never copied out (issue #9:
 *   sensitive ticket fields).
 *
 * Areas: `protected` (focus or selection inside a protected region), `sensitive`, `editable`
 * (a text field of the agent's own, outside both), `other`. Copy, cut and select-all are
 * allowed in `editable` only, and never while the selection touches protected content; paste
 * into `editable` and `sensitive` fields only. The institution's clipboard policy
 * (`ClipboardRules`) narrows copy and paste further.
 */
export const PROTECTED_ATTRIBUTE = 'data-desk-protected';
export const SENSITIVE_ATTRIBUTE = 'data-desk-sensitive';
export const ARTICLE_ID_ATTRIBUTE = 'data-desk-article-id';
export const ARTICLE_VERSION_ATTRIBUTE = 'data-desk-article-version';
/** The main-world export guard (export-guard.ts) tells the page guard what it refused. */
export const EXPORT_BLOCKED_EVENT = 'desk:export-blocked';

export const INPUT_AREAS = ['protected', 'sensitive', 'editable', 'other'] as const;
export type InputArea = (typeof INPUT_AREAS)[number];

export interface InputAreaState {
  area: InputArea;
  /** The selection touches protected content (wherever focus is). */
  selectionProtected: boolean;
}

/** The most restrictive state: what main assumes before the observer has spoken. */
export const UNKNOWN_AREA: InputAreaState = Object.freeze({ area: 'other', selectionProtected: true });

/**
 * The institution's clipboard policy as the guards apply it (site-profile `Policy.clipboard`,
 * validated with zod where it enters the desk; here only its two flags). It narrows, never
 * widens: the knowledge base and sensitive fields are never copied out whatever it says.
 */
export interface ClipboardRules {
  /** Copy and cut out of the agent's own, non-sensitive text fields. */
  copyFromOwnFields: boolean;
  /** Paste into the desk's text fields (editable and sensitive ones). */
  pasteIntoFields: boolean;
}

/** No clipboard policy: today's behaviour, both allowed. */
export const DEFAULT_CLIPBOARD_RULES: ClipboardRules = Object.freeze({ copyFromOwnFields: true, pasteIntoFields: true });

/** The rules of a policy (or its absence); anything but two booleans falls back to the default. */
export function clipboardRulesOf(policy: { clipboard?: Partial<ClipboardRules> | null | undefined } | null | undefined): ClipboardRules {
  const c = policy?.clipboard;
  if (!c || typeof c.copyFromOwnFields !== 'boolean' || typeof c.pasteIntoFields !== 'boolean') return DEFAULT_CLIPBOARD_RULES;
  return { copyFromOwnFields: c.copyFromOwnFields, pasteIntoFields: c.pasteIntoFields };
}

/**
 * Copy and cut may run: an editable field of the agent's own, nothing protected selected, and
 * the policy lets own fields be copied out of. Never from a protected or sensitive area.
 */
export const mayCopyOut = (state: InputAreaState, rules: ClipboardRules): boolean =>
  rules.copyFromOwnFields && state.area === 'editable' && !state.selectionProtected;

/**
 * Select-all may run: an editable field of the agent's own with nothing protected selected.
 * Selecting is not copying out, so the clipboard policy does not narrow it.
 */
export const maySelectAll = (state: InputAreaState): boolean => state.area === 'editable' && !state.selectionProtected;

/**
 * Paste may run: into a text field (the agent's own or a sensitive one — pasting brings nothing
 * out), never into an article or outside fields, and only if the policy allows pasting.
 */
export const mayPaste = (state: InputAreaState, rules: ClipboardRules): boolean =>
  rules.pasteIntoFields && (state.area === 'editable' || state.area === 'sensitive');

/** A drag's data types (`DataTransfer.types`) carry text — a drop is then a paste — unless all they carry is files. */
export function dragCarriesText(types: ArrayLike<string> | null | undefined): boolean {
  if (!types) return false;
  for (let i = 0; i < types.length; i++) if (types[i] !== 'Files') return true;
  return false;
}

/** DOM as far as these decisions need it (the page's real DOM; jsdom in unit tests). */
interface DomElement {
  readonly tagName: string;
  closest(selector: string): unknown;
  getAttribute(name: string): string | null;
  readonly isContentEditable?: boolean;
}

const PROTECTED_SELECTOR = `[${PROTECTED_ATTRIBUTE}]`;
const SENSITIVE_SELECTOR = `[${SENSITIVE_ATTRIBUTE}]`;
/**
 * Input types that hold free text a person types (and may select, copy and paste into). A
 * password field counts: agents paste into it (password managers), and Chromium itself never
 * copies or cuts out of one, so calling it a field opens nothing. (Chromium does put a password
 * field's selection into the Linux selection clipboard; primary-selection.ts empties it.)
 */
const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'number', 'password', '']);

function asElement(node: unknown): DomElement | null {
  if (typeof node !== 'object' || node === null) return null;
  const n = node as { nodeType?: number; parentElement?: unknown };
  // Text and other non-element nodes stand for their parent element.
  if (n.nodeType !== 1) return asElement(n.parentElement ?? null);
  return node as DomElement;
}

export function insideProtected(node: unknown): boolean {
  return asElement(node)?.closest(PROTECTED_SELECTOR) != null;
}

/** A text field the agent types into: input of a text type, textarea, or contenteditable. */
export function isEditableField(node: unknown): boolean {
  const el = asElement(node);
  if (!el) return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea') return true;
  if (tag === 'input') return TEXT_INPUT_TYPES.has((el.getAttribute('type') ?? '').toLowerCase());
  return el.isContentEditable === true;
}

/** The area of the element that has focus (`document.activeElement`). */
export function areaOfElement(node: unknown): InputArea {
  const el = asElement(node);
  if (!el) return 'other';
  if (el.closest(PROTECTED_SELECTOR) != null) return 'protected';
  if (el.closest(SENSITIVE_SELECTOR) != null) return 'sensitive';
  return isEditableField(el) ? 'editable' : 'other';
}

interface DomRange {
  readonly commonAncestorContainer: unknown;
  intersectsNode(node: unknown): boolean;
}
interface DomSelection {
  readonly rangeCount: number;
  readonly isCollapsed: boolean;
  readonly anchorNode: unknown;
  readonly focusNode: unknown;
  getRangeAt(index: number): DomRange;
}
interface DomDocument {
  readonly activeElement: unknown;
  getSelection(): DomSelection | null;
  querySelectorAll(selector: string): ArrayLike<unknown>;
}

/** True when a non-empty selection reaches into any protected region. */
export function selectionTouchesProtected(doc: DomDocument): boolean {
  const selection = doc.getSelection();
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return false;
  if (insideProtected(selection.anchorNode) || insideProtected(selection.focusNode)) return true;
  const regions = doc.querySelectorAll(PROTECTED_SELECTOR);
  for (let r = 0; r < selection.rangeCount; r++) {
    const range = selection.getRangeAt(r);
    if (insideProtected(range.commonAncestorContainer)) return true;
    for (let i = 0; i < regions.length; i++) if (range.intersectsNode(regions[i])) return true;
  }
  return false;
}

export function inputAreaOf(doc: DomDocument): InputAreaState {
  return { area: areaOfElement(doc.activeElement), selectionProtected: selectionTouchesProtected(doc) };
}
