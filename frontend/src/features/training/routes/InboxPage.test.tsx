import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../../config/i18n';
import { json, onePage, renderPage, stubApi } from '../../../testing/render';
import { InboxPage, PAYMENT_METHODS } from './InboxPage';

const ENROLMENT = '0197a000-0000-7000-8000-0000000000f1';

const item = {
  action: { method: 'POST', path: `/api/v1/enrolments/${ENROLMENT}/payment` },
  kind: 'enrolment_payment',
  object_id: ENROLMENT,
  enrolment_id: ENROLMENT,
  class_id: 'c1',
  class_name: '气瓶充装安全管理培训班',
  class_starts_at: '2027-01-05T01:00:00Z',
  person_name: '周建华',
  enterprise_name: '长沙新奥燃气有限公司',
  status: 'confirmed',
  training_fee: 50000,
  exam_fee: 10000,
  waiting_since: '2026-12-01T02:00:00Z',
};

describe("finance's payment record", () => {
  afterEach(async () => {
    vi.unstubAllGlobals();
    await act(() => i18n.changeLanguage('zh-CN'));
  });

  it('chooses the payment method among six, shown in the screen language, and sends its Chinese name', async () => {
    await act(() => i18n.changeLanguage('en'));
    const sent = stubApi((method, path) => {
      if (path === '/api/v1/inbox') return json(onePage([item]));
      if (path === '/api/v1/classes') return json(onePage([]));
      if (method === 'POST' && path === `/api/v1/enrolments/${ENROLMENT}/payment`) return json({ id: ENROLMENT, status: 'paid' });
      return undefined;
    });
    renderPage(<InboxPage />);
    fireEvent.click(await screen.findByTestId('inbox-pay'));
    const dialog = await screen.findByRole('dialog');
    // A choice, not free text: the field takes no typing of its own.
    const method = within(dialog).getByTestId('payment-method');
    fireEvent.mouseDown(within(method).getByRole('combobox'));
    await screen.findByTitle('WeChat Pay');
    const options = document.querySelectorAll('.ant-select-item-option');
    expect([...options].map((o) => o.getAttribute('title'))).toEqual(['Bank transfer', 'Cash', 'Card (POS)', 'WeChat Pay', 'Alipay', 'Other']);
    expect(PAYMENT_METHODS.map((m) => m.value)).toEqual(['银行转账', '现金', 'POS刷卡', '微信支付', '支付宝', '其他']);
    fireEvent.click(await screen.findByTitle('WeChat Pay'));
    fireEvent.change(within(dialog).getByTestId('payment-receipt'), { target: { value: 'NO.0012345' } });
    fireEvent.click(within(document.body).getByTestId('payment-save'));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    const body = JSON.parse(sent.find((r) => r.method === 'POST')!.body) as Record<string, unknown>;
    expect(body).toEqual({ training_fee: 50000, exam_fee: 10000, payer: '长沙新奥燃气有限公司', method: '微信支付', receipt_no: 'NO.0012345' });
  });

  it('does not record a payment without a method', async () => {
    const sent = stubApi((_method, path) => {
      if (path === '/api/v1/inbox') return json(onePage([item]));
      if (path === '/api/v1/classes') return json(onePage([]));
      return undefined;
    });
    renderPage(<InboxPage />);
    fireEvent.click(await screen.findByTestId('inbox-pay'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByTestId('payment-receipt'), { target: { value: 'NO.0012345' } });
    fireEvent.click(within(document.body).getByTestId('payment-save'));
    const field = within(dialog).getByTestId('payment-method').closest('.ant-form-item') as HTMLElement;
    await waitFor(() => expect(field.querySelector('.ant-form-item-explain-error')).not.toBeNull());
    expect(sent.some((r) => r.method === 'POST')).toBe(false);
  });
});

describe('the inbox query form', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('keeps the items of the kind chosen whose trainee or class holds the text, and tells how many', async () => {
    const other = { ...item, kind: 'enrolment_confirmation', object_id: 'o2', enrolment_id: 'o2', person_name: '何明', class_name: '电梯安全管理员培训班' };
    const third = { ...item, object_id: 'o3', enrolment_id: 'o3', person_name: '李四' };
    stubApi((_m, path) => {
      if (path === '/api/v1/inbox') return json(onePage([item, other, third]));
      if (path === '/api/v1/classes') return json(onePage([]));
      return undefined;
    });
    renderPage(<InboxPage />);
    await waitFor(() => expect(screen.getAllByTestId('inbox-item')).toHaveLength(3));
    expect(screen.getByTestId('inbox-total').textContent).toBe('共 3 条');
    fireEvent.change(screen.getByTestId('inbox-filter'), { target: { value: '气瓶' } });
    fireEvent.click(screen.getByTestId('filter-submit'));
    await waitFor(() => expect(screen.getAllByTestId('inbox-item')).toHaveLength(2));
    fireEvent.mouseDown(within(screen.getByTestId('inbox-kind')).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('报名确认')).at(-1)!);
    fireEvent.click(screen.getByTestId('filter-submit'));
    await waitFor(() => expect(screen.queryAllByTestId('inbox-item')).toHaveLength(0));
    fireEvent.click(screen.getByTestId('filter-reset'));
    await waitFor(() => expect(screen.getAllByTestId('inbox-item')).toHaveLength(3));
  });
});
