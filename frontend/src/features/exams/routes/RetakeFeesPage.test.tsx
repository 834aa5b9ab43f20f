import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, renderPage, stubApi } from '../../../testing/render';
import type { RetakeFee } from '../api/exams';
import { RetakeFeesPage } from './RetakeFeesPage';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const CANDIDATE = '0197a000-0000-7000-8000-0000000ca003';

const due: RetakeFee = {
  candidate_id: CANDIDATE,
  sitting_id: '0197a000-0000-7000-8000-0000000051a3',
  sitting_title: '2027年3月理论考试',
  opens_at: '2027-03-08T01:00:00Z',
  person_id: '0197a000-0000-7000-8000-0000000f0001',
  name: '周建华',
  national_id_masked: '430104********0013',
  attempt_no: 3,
  exam_fee: 30000,
  paid_at: null,
  receipt_no: null,
  payment_id: null,
};

const me = () => json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['finance'] }], { grants: ['confirm_payments', 'read_refunds'] }));

/** Fills the form of the open dialog: payer, method (bank transfer), receipt. */
async function fill(dialog: HTMLElement) {
  expect(within(dialog).getByTestId('retake-fee-amount').textContent).toBe('¥300.00');
  fireEvent.change(within(dialog).getByTestId('retake-fee-payer'), { target: { value: ' 长沙电梯维保有限公司 ' } });
  fireEvent.mouseDown(within(within(dialog).getByTestId('retake-fee-method')).getByRole('combobox'));
  fireEvent.click((await screen.findAllByTitle('银行转账')).at(-1)!);
  fireEvent.change(within(dialog).getByTestId('retake-fee-receipt-no'), { target: { value: 'SJ-2027-0042' } });
  fireEvent.click(screen.getByTestId('retake-fee-save'));
}

describe('finance’s retake fees', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the fees due and records one with the published fee, payer, method and receipt', async () => {
    let fee = due;
    const sent = stubApi((method, path, url, body) => {
      if (path === '/api/v1/me') return me();
      if (path === '/api/v1/exam-retake-fees') {
        const paid = url.searchParams.get('paid');
        const rows = [fee].filter((f) => paid === null || (paid === 'true') === !!f.paid_at);
        return json({ items: rows, next_cursor: null, total: rows.length });
      }
      if (method === 'POST' && path === `/api/v1/exam-candidates/${CANDIDATE}/retake-fee`) {
        const b = JSON.parse(body) as { receipt_no: string };
        fee = { ...due, paid_at: '2027-03-01T02:30:00Z', receipt_no: b.receipt_no, payment_id: 'pay1' };
        return json({ id: CANDIDATE, fee_due: true, fee_paid: true });
      }
      return undefined;
    });
    renderPage(<RetakeFeesPage />, { path: '/exams/retake-fees', route: '/exams/retake-fees' });
    const row = await screen.findByTestId('retake-fee');
    // Due ones first: the list asks for the unpaid.
    expect(sent.find((r) => r.path === '/api/v1/exam-retake-fees')!.url.searchParams.get('paid')).toBe('false');
    expect(row.textContent).toContain('2027年3月理论考试');
    expect(row.textContent).toContain('2027-03-08 09:00');
    expect(row.textContent).toContain('430104********0013');
    expect(row.textContent).toContain('第 2 次补考');
    expect(row.textContent).toContain('¥300.00');
    expect(within(row).getByTestId('retake-fee-status').getAttribute('data-paid')).toBe('false');

    fireEvent.click(within(row).getByTestId('retake-fee-record'));
    await fill(await screen.findByRole('dialog'));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(JSON.parse(sent.find((r) => r.method === 'POST')!.body)).toEqual({ exam_fee: 30000, payer: '长沙电梯维保有限公司', method: '银行转账', receipt_no: 'SJ-2027-0042' });
    // Recorded: no longer due.
    expect(await screen.findByText('没有待缴的补考费')).toBeTruthy();

    fireEvent.click(screen.getByText('已缴费'));
    const paid = await screen.findByTestId('retake-fee');
    expect(within(paid).getByTestId('retake-fee-status').getAttribute('data-paid')).toBe('true');
    expect(within(paid).getByTestId('retake-fee-receipt').textContent).toBe('收据号 SJ-2027-0042,2027-03-01 10:30');
    expect(within(paid).queryByTestId('retake-fee-record')).toBeNull();
  });

  it('keeps a refusal of the fee (TR-08, not the published one) on the form, its rule apart from the sentence', async () => {
    stubApi((method, path) => {
      if (path === '/api/v1/me') return me();
      if (path === '/api/v1/exam-retake-fees') return json({ items: [due], next_cursor: null, total: 1 });
      if (method === 'POST' && path === `/api/v1/exam-candidates/${CANDIDATE}/retake-fee`) {
        return json({ status: 422, type: 'urn:seforce:problem:rule-violation', rule: 'TR-08', detail: '考试费须与公示一致:350.00', detail_en: 'the exam fee must equal the published one: 350.00' }, 422);
      }
      return undefined;
    });
    renderPage(<RetakeFeesPage />, { path: '/exams/retake-fees', route: '/exams/retake-fees' });
    fireEvent.click(within(await screen.findByTestId('retake-fee')).getByTestId('retake-fee-record'));
    const dialog = await screen.findByRole('dialog');
    await fill(dialog);
    const problem = await within(dialog).findByTestId('problem');
    expect(within(problem).getByTestId('message-text').textContent).toBe('考试费须与公示一致:350.00');
    expect(within(problem).getByTestId('rule-ref').getAttribute('data-rule')).toBe('TR-08');
    // The dialog stays open for another try.
    expect(screen.getByRole('dialog')).toBeTruthy();
  });
});
