import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, onePage, renderPage, stubApi, type Sent } from '../../../testing/render';
import { EnrolmentsPage } from './EnrolmentsPage';

const ENT = '0197a000-0000-7000-8000-00000000e001';
const CLASS = '0197a000-0000-7000-8000-0000000000c9';

const row = (id: string, status: string) => ({
  id,
  class_id: CLASS,
  class_name: '气瓶充装安全管理培训班',
  class_starts_at: '2027-01-05T01:00:00Z',
  enterprise_id: ENT,
  enterprise_name: '长沙新奥燃气有限公司',
  person_id: 'p1',
  person_name: '周建华',
  status,
  return_reason: status === 'returned' ? '照片不清晰' : null,
  paid_total: 60000,
  refunded_total: 10000,
  updated_at: '2026-12-01T00:00:00Z',
  version: 1,
});

function stub(): Sent[] {
  return stubApi((_method, path, url) => {
    if (path === '/api/v1/me') return json(meWith([{ id: ENT, name: '长沙新奥燃气有限公司', kind: 'enterprise', roles: ['enterprise_officer'] }], { grants: ['read_enrolments'] }));
    if (path === '/api/v1/enrolments') {
      if (url.searchParams.get('status') === 'returned') return json(onePage([row('e2', 'returned')]));
      return json(onePage([row('e1', 'paid'), row('e2', 'returned')]));
    }
    if (path === '/api/v1/classes') return json(onePage([{ id: CLASS, course_id: 'c', name: '气瓶充装安全管理培训班', starts_at: '2027-01-05T01:00:00Z' }]));
    if (path === '/api/v1/courses') return json(onePage([{ id: 'c', name: '气瓶充装' }]));
    return undefined;
  });
}

const listed = (sent: Sent[]) => sent.filter((s) => s.path === '/api/v1/enrolments' && s.url.searchParams.get('limit') !== '1');

describe('the enrolments list', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('shows the returned ones from the alert, with the status filter set in the query form, and resets', async () => {
    const sent = stub();
    renderPage(<EnrolmentsPage />);
    fireEvent.click(within(await screen.findByTestId('returned-alert')).getByRole('button'));
    await waitFor(() => expect(listed(sent).at(-1)?.url.searchParams.get('status')).toBe('returned'));
    await waitFor(() => expect(within(screen.getByTestId('enrolments-status')).getByTitle('已退回')).toBeTruthy());
    expect((await screen.findAllByTestId('return-reason-text')).map((r) => r.textContent)).toEqual(['退回原因:照片不清晰']);
    fireEvent.click(screen.getByTestId('filter-reset'));
    await waitFor(() => expect(listed(sent).at(-1)?.url.searchParams.get('status')).toBeNull());
    expect(screen.getByTestId('pager').textContent).toContain('共 2 条');
  });

  it('shows a hidden column on request, and asks for the chosen page size', async () => {
    const sent = stub();
    renderPage(<EnrolmentsPage />);
    await waitFor(() => expect(screen.getAllByText('周建华')).toHaveLength(2));
    expect(screen.queryByRole('columnheader', { name: '已退费' })).toBeNull();
    fireEvent.click(screen.getByTestId('columns-button'));
    const refunded = (await screen.findAllByTestId('column-toggle')).find((c) => c.getAttribute('data-column') === 'refunded')!;
    fireEvent.click(refunded.tagName === 'INPUT' ? refunded : refunded.querySelector('input')!);
    await screen.findByRole('columnheader', { name: '已退费' });
    expect(screen.getAllByText('¥100.00')).toHaveLength(2);

    fireEvent.mouseDown(within(screen.getByTestId('page-size')).getByRole('combobox'));
    fireEvent.click(await screen.findByText('100 条/页'));
    await waitFor(() => expect(listed(sent).at(-1)?.url.searchParams.get('limit')).toBe('100'));
  });
});
