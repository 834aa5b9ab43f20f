// "My classes" paints without Ant Design (decision 270) and brings it when a dialog opens: the
// notice with time and place, the sessions with their marks, the sign-in dialog that posts the
// code and names the class and session signed into, and a failed load as an error with a retry.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter } from 'react-router';
import { json, meWith, onePage, stubApi } from '../../../testing/render';
import { MyClassesPage } from './MyClassesPage';
import '../../../config/i18n';

const ENT = '0197a000-0000-7000-8000-00000000e001';
const S1 = '0197a000-0000-7000-8000-0000000000f1';
const S2 = '0197a000-0000-7000-8000-0000000000f2';

// 10:00 on 10 March 2026, Beijing time.
const NOW = new Date('2026-03-10T02:00:00Z');

const mine = [
  {
    class: { id: 'c1', association_id: 'a', course_id: 'course', name: '电梯安全管理员培训班', starts_at: '2026-03-09T01:00:00Z', ends_at: '2026-03-12T09:00:00Z', venue: '长沙市岳麓区培训中心 201 室', online_link: null, capacity: 30, seats_taken: 10, training_fee: 50000, exam_fee: 10000, status: 'planned' },
    course_name: '安全管理',
    delivery: 'face_to_face',
    enrolment_id: 'en1',
    status: 'paid',
    subject_kind: 'professional',
    notice: { class_name: '电梯安全管理员培训班', starts_at: '2026-03-09T01:00:00Z', ends_at: '2026-03-12T09:00:00Z', issued_at: '2026-03-01T02:00:00Z', venue: '长沙市岳麓区培训中心 201 室' },
    sessions: [
      { id: S1, kind: 'theory', starts_at: '2026-03-09T01:00:00Z', ends_at: '2026-03-09T03:00:00Z', attendance: 'present' },
      { id: S2, kind: 'theory', starts_at: '2026-03-10T01:00:00Z', ends_at: '2026-03-10T03:00:00Z' },
    ],
  },
];

/** The page as the light frame shows it: a router and the queries, no Ant Design provider. */
function renderBare() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={['/my-classes']}>
        <MyClassesPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('my classes', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows the class notice and the sessions without Ant Design, and signs in through its dialog', async () => {
    const sent = stubApi((method, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ENT, name: '长沙新奥燃气有限公司', kind: 'enterprise', roles: ['practitioner'] }], { person_id: 'p1', grants: ['my_classes'] }));
      if (path === '/api/v1/me/classes') return json(onePage(mine));
      if (method === 'POST' && path === `/api/v1/sessions/${S2}/sign-in`) return json({ session_id: S2, status: 'present' });
      return undefined;
    });
    renderBare();
    const card = await screen.findByTestId('my-class');
    expect(within(card).getByTestId('enrolment-status').textContent).toBe('已缴费');
    expect(within(card).getByTestId('notice-time').textContent).toContain('2026-03-09 09:00');
    expect(within(card).getByTestId('notice-venue').textContent).toContain('长沙市岳麓区培训中心 201 室');
    const sessions = within(card).getAllByTestId('my-session');
    expect(sessions[0]!.textContent).toContain('已签到');
    expect(await screen.findByTestId('my-ce-hours')).toBeTruthy();
    // Nothing of Ant Design is on the page before a dialog opens.
    expect(document.querySelector('[class*="ant-"]')).toBeNull();

    fireEvent.click(within(sessions[1]!).getByTestId('sign-in'));
    const input = await screen.findByTestId('sign-in-input', {}, { timeout: 10_000 });
    const dialog = screen.getByRole('dialog');
    expect(dialog.textContent).toContain('电梯安全管理员培训班 · 2026-03-10 09:00');
    fireEvent.change(input, { target: { value: 'A1B2C3' } });
    fireEvent.click(within(dialog).getByRole('button', { name: /签\s?到/ }));
    await waitFor(() => expect(sent.some((s) => s.method === 'POST')).toBe(true));
    expect(JSON.parse(sent.find((s) => s.method === 'POST')!.body)).toEqual({ code: 'A1B2C3' });
    expect(await screen.findByText(/已签到:电梯安全管理员培训班 · 课次 2026-03-10 09:00/, {}, { timeout: 10_000 })).toBeTruthy();
  });

  it('says a failed load is an error and asks again on retry', async () => {
    let fail = true;
    stubApi((_m, path) => {
      if (path === '/api/v1/me') return json(meWith([], { grants: ['my_classes'] }));
      if (path === '/api/v1/me/classes') return fail ? json({ status: 500, title: 'Internal Server Error', detail: '服务器出错' }, 500) : json(onePage([]));
      return undefined;
    });
    renderBare();
    const error = await screen.findByTestId('list-error', {}, { timeout: 10_000 });
    expect(error.textContent).toContain('服务器出错');
    fail = false;
    fireEvent.click(within(error).getByTestId('list-retry'));
    await screen.findByText('暂无报名');
  });
});
