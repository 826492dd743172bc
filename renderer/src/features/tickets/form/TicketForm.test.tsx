// @vitest-environment jsdom
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SENSITIVE_ATTRIBUTE, areaOfElement } from '../../../../../electron/contract/protected-area.ts';
import type { Language } from '../../../i18n/translate.ts';
import { AppStoresProvider } from '../../../state/context.tsx';
import { CHECK_BAD_ID, createTestBridge, createTestTicketKey, formTestStores, LUHN_BAD_CARD, VALID_CARD, VALID_ID, type TestBridge, type TestTicketKey } from './form-test-kit.ts';
import { TicketForm } from './TicketForm.tsx';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let key: TestTicketKey;
beforeAll(async () => {
  key = await createTestTicketKey();
});

let unmount: (() => void) | null = null;
afterEach(() => {
  unmount?.();
  unmount = null;
});

/** Lets the bridge's promises, WebCrypto and the React updates they cause settle. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
    });
  }
}

async function mount(props: { typeId?: string; draftId?: string; language?: Language; bridge?: TestBridge; policy?: Parameters<typeof formTestStores>[2] } = {}) {
  const bridge = props.bridge ?? createTestBridge({ key: key.key });
  const onDone = vi.fn();
  const onCancel = vi.fn();
  const view = render(
    <AppStoresProvider stores={formTestStores(bridge, props.language, props.policy ?? null)}>
      <TicketForm {...(props.typeId === undefined ? {} : { typeId: props.typeId })} {...(props.draftId === undefined ? {} : { draftId: props.draftId })} onDone={onDone} onCancel={onCancel} />
    </AppStoresProvider>,
  );
  unmount = view.unmount;
  await settle();
  return { bridge, onDone, onCancel, view };
}

const input = (name: string) => screen.getByTestId(`ticket-field-${name}`) as HTMLInputElement;
const errorOf = (name: string) => screen.queryByTestId(`ticket-field-${name}-error`)?.textContent ?? null;

async function type(name: string, value: string) {
  await act(async () => {
    fireEvent.focus(input(name));
    fireEvent.change(input(name), { target: { value } });
  });
}
async function leave(name: string) {
  await act(async () => {
    fireEvent.blur(input(name));
  });
  await settle();
}

describe('TicketForm', () => {
  it('shows no problem while the agent is first typing; after leaving the field it does, tied to the input', async () => {
    await mount({ typeId: 'bank-card-loss' });
    await type('idNumber', CHECK_BAD_ID);
    expect(errorOf('idNumber')).toBeNull();
    expect(input('idNumber').getAttribute('aria-invalid')).toBe('false');
    await leave('idNumber');
    expect(errorOf('idNumber')).toBe('身份证号码校验位不正确，请与客户核对号码。');
    expect(input('idNumber').getAttribute('aria-invalid')).toBe('true');
    const describedBy = input('idNumber').getAttribute('aria-describedby') ?? '';
    expect(describedBy.split(' ').map((id) => document.getElementById(id)?.textContent)).toContain('身份证号码校验位不正确，请与客户核对号码。');
    // From then on it follows the typing (and clears when the value is right).
    await type('idNumber', '1101051949123100');
    expect(errorOf('idNumber')).toBe('身份证号码应为 18 位，当前 16 位。');
  });

  it('speaks en-US when that is the user language', async () => {
    await mount({ typeId: 'bank-card-loss', language: 'en-US' });
    expect(screen.getByText('Card number')).toBeTruthy();
    await type('cardNumber', LUHN_BAD_CARD);
    await leave('cardNumber');
    expect(errorOf('cardNumber')).toBe('The card number’s check digit is wrong (Luhn). Check the number with the customer.');
  });

  it('masks the card once the agent leaves it, marks sensitive fields for the input guard, and lets the agent retype', async () => {
    const { bridge } = await mount({ typeId: 'bank-card-loss' });
    expect(input('cardNumber').closest(`[${SENSITIVE_ATTRIBUTE}]`)).not.toBeNull();
    expect(areaOfElement(input('cardNumber'))).toBe('sensitive');
    expect(areaOfElement(input('holderName'))).toBe('editable');
    await type('cardNumber', '6222 0212 3456 7890 128');
    await leave('cardNumber');
    // Sealing is WebCrypto work: wait for it rather than for a fixed time (the CI machine is busy).
    await waitFor(() => expect(input('cardNumber').value).toBe('•••• •••• •••• 0128'));
    expect(screen.getByTestId('ticket-field-cardNumber-status').textContent).toContain('已加密');
    expect(document.body.innerHTML).not.toContain('6222 0212');
    expect(JSON.stringify(bridge.saves)).not.toContain(VALID_CARD.slice(0, 12));
    await act(async () => {
      fireEvent.focus(input('cardNumber'));
    });
    expect(input('cardNumber').value).toBe('');
    expect(input('cardNumber').placeholder).toBe('重新输入以替换 •••• •••• •••• 0128');
  });

  it('will not file while a field is wrong: every problem shows, focus goes to the first', async () => {
    const { bridge, onDone } = await mount({ typeId: 'bank-card-loss' });
    await type('cardNumber', LUHN_BAD_CARD);
    await act(async () => {
      fireEvent.click(screen.getByTestId('ticket-form-submit'));
    });
    await settle();
    expect(bridge.submissions).toHaveLength(0);
    expect(onDone).not.toHaveBeenCalled();
    expect(errorOf('cardNumber')).toBe('卡号校验位不正确，请与客户核对卡号。');
    expect(errorOf('holderName')).toBe('请填写此项。');
    expect(screen.getByTestId('ticket-form-summary').textContent).toBe('有 4 项需要修改，请查看标出的字段。');
    expect(document.activeElement).toBe(input('cardNumber'));
  });

  it('files a valid ticket and hands its local id back', async () => {
    const { bridge, onDone } = await mount({ typeId: 'bank-card-loss' });
    await type('cardNumber', VALID_CARD);
    await leave('cardNumber');
    await type('holderName', '王小明');
    await type('idNumber', VALID_ID);
    await leave('idNumber');
    await type('mobile', '13800138000');
    await act(async () => {
      fireEvent.click(screen.getByTestId('ticket-form-submit'));
    });
    await waitFor(() => expect(onDone).toHaveBeenCalledWith(expect.stringMatching(/^[0-9a-f-]{36}$/)));
    expect(bridge.submissions).toHaveLength(1);
  });

  it('offers the types and the unfinished drafts when no type is named; a draft reopens with its values', async () => {
    const bridge = createTestBridge({ key: key.key });
    const first = await mount({ typeId: 'bank-card-loss', bridge });
    await type('holderName', '李四');
    await leave('holderName');
    await type('cardNumber', VALID_CARD);
    await leave('cardNumber');
    await waitFor(() => expect([...bridge.stored.values()][0]?.values).toMatchObject({ holderName: '李四', cardNumber: { hint: '0128' } }));
    first.view.unmount();
    unmount = null;
    await mount({ bridge });
    const picker = screen.getByTestId('ticket-type-picker');
    await waitFor(() => expect(within(picker).getAllByTestId('ticket-type').map((b) => b.textContent)).toEqual(['银行卡挂失', '理赔报案']));
    await waitFor(() => expect(within(picker).getByTestId('ticket-draft-resume')).toBeTruthy());
    await act(async () => {
      fireEvent.click(within(picker).getByTestId('ticket-draft-resume'));
    });
    await waitFor(() => expect(input('holderName').value).toBe('李四'));
    expect(input('cardNumber').value).toBe('•••• •••• •••• 0128');
  });

  it('says so when the institution turned pasting off, refuses a paste into a field and raises the note to an alert', async () => {
    const policy = { idleLockSeconds: 300, watermark: true, clipboard: { copyFromOwnFields: true, pasteIntoFields: false } };
    await mount({ typeId: 'bank-card-loss', policy });
    const note = screen.getByTestId('ticket-form-paste-off');
    expect(note.textContent).toBe('本机构已关闭向工单字段粘贴，请直接输入。');
    expect(note.getAttribute('role')).toBe('note');
    for (const name of ['idNumber', 'cardNumber']) {
      const allowed = fireEvent.paste(input(name), { clipboardData: { getData: () => '4000' } });
      expect({ name, allowed }).toEqual({ name, allowed: false });
    }
    expect(screen.getByTestId('ticket-form-paste-off').getAttribute('role')).toBe('alert');
  });

  it('refuses text dropped into a field like a paste while pasting is off (no-drop cursor on dragover); files only and an allowing policy pass', async () => {
    const text = () => ({ dataTransfer: { types: ['text/plain'], dropEffect: 'copy' } });
    await mount({ typeId: 'bank-card-loss', policy: { idleLockSeconds: 300, watermark: true, clipboard: { copyFromOwnFields: true, pasteIntoFields: false } } });
    const over = text();
    expect(fireEvent.dragOver(input('holderName'), over)).toBe(false);
    expect(over.dataTransfer.dropEffect).toBe('none');
    expect(fireEvent.drop(input('idNumber'), { dataTransfer: { types: ['Files'], dropEffect: 'copy' } })).toBe(true);
    expect(screen.getByTestId('ticket-form-paste-off').getAttribute('role')).toBe('note');
    expect(fireEvent.drop(input('holderName'), text())).toBe(false);
    expect(screen.getByTestId('ticket-form-paste-off').getAttribute('role')).toBe('alert');
    unmount?.();
    await mount({ typeId: 'bank-card-loss', policy: { idleLockSeconds: 300, watermark: true, clipboard: { copyFromOwnFields: false, pasteIntoFields: true } } });
    expect(fireEvent.drop(input('holderName'), text())).toBe(true);
  });

  it('shows no note and lets a paste through when the policy allows it (or says nothing)', async () => {
    await mount({ typeId: 'bank-card-loss', language: 'en-US', policy: { idleLockSeconds: 300, watermark: true, clipboard: { copyFromOwnFields: false, pasteIntoFields: true } } });
    expect(screen.queryByTestId('ticket-form-paste-off')).toBeNull();
    expect(fireEvent.paste(input('idNumber'), { clipboardData: { getData: () => '4000' } })).toBe(true);
    unmount?.();
    await mount({ typeId: 'bank-card-loss' });
    expect(screen.queryByTestId('ticket-form-paste-off')).toBeNull();
    expect(fireEvent.paste(input('idNumber'), { clipboardData: { getData: () => '4000' } })).toBe(true);
  });

  it('speaks English too', async () => {
    await mount({ typeId: 'bank-card-loss', language: 'en-US', policy: { idleLockSeconds: 300, watermark: true, clipboard: { copyFromOwnFields: true, pasteIntoFields: false } } });
    expect(screen.getByTestId('ticket-form-paste-off').textContent).toBe('Your institution has turned off pasting into ticket fields. Please type the value.');
  });
});
