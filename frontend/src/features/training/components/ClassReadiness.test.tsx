import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, onePage, renderPage, stubApi } from '../../../testing/render';
import { ClassDetailPage } from '../routes/ClassDetailPage';
import { readiness } from './ClassReadiness';

const CLASS = '0197a000-0000-7000-8000-0000000000c9';
const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const ROUTE = { path: '/training/classes/:id', route: `/training/classes/${CLASS}` };

const klass = { id: CLASS, association_id: ASSOC, course_id: 'c', name: '气瓶充装安全管理培训班', starts_at: '2027-03-01T01:00:00Z', ends_at: '2027-03-01T09:00:00Z', capacity: 30, seats_taken: 0, training_fee: 50000, exam_fee: 10000, status: 'planned', venue: '长沙' };

function detail(ready: boolean) {
  return {
    class: klass,
    course: { id: 'c', association_id: ASSOC, name: '气瓶充装', subject_kind: 'professional', topic: 'safety_technical_specifications', equipment_categories: [], delivery: 'face_to_face', theory_hours: 8, practical_hours: 0 },
    sessions: ready ? [{ id: 's1', class_id: CLASS, starts_at: '2027-03-01T01:00:00Z', ends_at: '2027-03-01T09:00:00Z' }] : [],
    teachers: ready ? [{ teacher_id: 't1', name: '李明', status: 'active' }] : [{ teacher_id: 't0', name: '王老师', status: 'suspended' }],
    results: [],
    head_teacher_id: ready ? 'u1' : null,
    head_teacher_name: ready ? '张班主任' : null,
    level: 'none',
  };
}

const plan = (status: 'draft' | 'published') => ({
  id: 'p1',
  association_id: ASSOC,
  year: 2027,
  title: '2027年度培训计划',
  status,
  classes: [klass],
  fees: [{ item: '培训费', amount: 50000, basis: '湘发改', scope: '每人' }],
  complaint_phone: '0731-12345678',
  overdue: false,
  publish_due: '2027-01-01',
  published_at: status === 'published' ? '2026-12-01T02:00:00Z' : null,
  version: 1,
});

function stub(ready: boolean, plans: unknown[] | 'forbidden') {
  return stubApi((_method, path) => {
    if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '协会', kind: 'association', roles: ['association_staff'] }]));
    if (path === `/api/v1/classes/${CLASS}`) return json(detail(ready));
    if (path === '/api/v1/enrolments') return json(onePage([]));
    if (path === '/api/v1/plans') return plans === 'forbidden' ? json({ status: 403, title: 'Forbidden', detail: '无权查看' }, 403) : json({ current_year: 2026, current_year_overdue: false, ...onePage(plans) });
    return undefined;
  });
}

const item = (key: string) => screen.getAllByTestId('readiness-item').find((i) => i.getAttribute('data-item') === key)!;

describe("a class's readiness checklist", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists what is missing, each with the way to do it', async () => {
    stub(false, [plan('draft')]);
    renderPage(<ClassDetailPage />, ROUTE);
    await screen.findByTestId('class-readiness');
    await waitFor(() => expect(item('feePublicity').getAttribute('data-done')).toBe('false'));
    expect(screen.getAllByTestId('readiness-item').map((i) => [i.getAttribute('data-item'), i.getAttribute('data-done')])).toEqual([
      ['sessions', 'false'],
      ['headTeacher', 'false'],
      // A suspended teacher does not teach the class.
      ['teachers', 'false'],
      ['feePublicity', 'false'],
    ]);
    expect(within(item('feePublicity')).getByText('培训计划《2027年度培训计划》尚未发布')).toBeTruthy();
    expect(within(item('feePublicity')).getByTestId('readiness-go').getAttribute('href')).toBe('/training/plans');
    // "Add a session" opens the class's own session dialog.
    fireEvent.click(within(item('sessions')).getByTestId('readiness-go'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('增加课次')).toBeTruthy();
  });

  it('says when the class is in no plan', async () => {
    stub(true, [{ ...plan('published'), classes: [] }]);
    renderPage(<ClassDetailPage />, ROUTE);
    await waitFor(() => expect(item('feePublicity').getAttribute('data-done')).toBe('false'));
    expect(['sessions', 'headTeacher', 'teachers'].map((k) => item(k).getAttribute('data-done'))).toEqual(['true', 'true', 'true']);
    expect(within(item('feePublicity')).getByText('本班尚未列入培训计划')).toBeTruthy();
    expect(screen.getByText('还差 1 项')).toBeTruthy();
  });

  it('is gone once every item is done', async () => {
    const sent = stub(true, [plan('published')]);
    renderPage(<ClassDetailPage />, ROUTE);
    await screen.findByTestId('class-head-teacher');
    // Not merely not drawn yet: the plans were asked for, and the checklist went.
    await waitFor(() => expect(sent.some((r) => r.path === '/api/v1/plans')).toBe(true));
    await waitFor(() => expect(screen.queryByTestId('class-readiness')).toBeNull());
    expect(readiness(detail(true) as never, [plan('published')] as never).map((i) => i.done)).toEqual([true, true, true, true]);
    expect(readiness(detail(true) as never, undefined).map((i) => i.done)).toEqual([true, true, true, undefined]);
  });

  it('leaves out the fee item when the plans cannot be read', async () => {
    stub(false, 'forbidden');
    renderPage(<ClassDetailPage />, ROUTE);
    await screen.findByTestId('class-readiness');
    await waitFor(() => expect(screen.getAllByTestId('readiness-item').map((i) => i.getAttribute('data-item'))).toEqual(['sessions', 'headTeacher', 'teachers']));
  });
});
