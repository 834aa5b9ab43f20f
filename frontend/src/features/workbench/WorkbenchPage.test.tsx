// The workbench per role: each sees the counters its work can bring and the cards its grants
// allow — the trainee their next class and its notice, the head teacher today's sessions of the
// classes they lead, the training department the overdue plan and archives — and nothing else.
// The menu badges count the same things, from the same requests.
import { screen, waitFor, within } from '@testing-library/react';
import { Menu } from 'antd';
import { json, meWith, onePage, renderPage, stubApi, USER_ID, type Sent } from '../../testing/render';
import { useMe, type Grant, type Me } from '../../lib/me';
import { useMenuItems } from '../../app/Shell';
import { WorkbenchPage } from './WorkbenchPage';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const CENTRE = '0197a000-0000-7000-8000-00000000b001';
const ENT = '0197a000-0000-7000-8000-00000000e001';
const A = '0197a000-0000-7000-8000-0000000000c1';
const B = '0197a000-0000-7000-8000-0000000000c2';
const ENDED = '0197a000-0000-7000-8000-0000000000c3';
const ENDED_OK = '0197a000-0000-7000-8000-0000000000c4';

// 10:00 on 10 March 2026, Beijing time.
const NOW = new Date('2026-03-10T02:00:00Z');

const klass = (id: string, name: string, starts: string, ends: string, venue: string | null = '长沙市岳麓区培训中心 201 室') => ({
  id,
  association_id: ASSOC,
  course_id: 'course',
  name,
  starts_at: starts,
  ends_at: ends,
  venue,
  online_link: null,
  capacity: 30,
  seats_taken: 10,
  training_fee: 50000,
  exam_fee: 10000,
  status: 'planned',
});

const CLASSES = [
  klass(A, '电梯安全管理员培训班', '2026-03-09T01:00:00Z', '2026-03-12T09:00:00Z'),
  klass(B, '锅炉操作培训班', '2026-03-09T01:00:00Z', '2026-03-11T09:00:00Z'),
  klass(ENDED, '气瓶充装培训班', '2026-02-16T01:00:00Z', '2026-02-20T09:00:00Z'),
  klass(ENDED_OK, '压力容器培训班', '2026-01-12T01:00:00Z', '2026-01-16T09:00:00Z'),
];

const session = (id: string, classId: string, starts: string, ends: string) => ({ id, class_id: classId, starts_at: starts, ends_at: ends, kind: 'theory' });

const detail = (id: string, head: string | null, sessions: ReturnType<typeof session>[]) => ({
  class: CLASSES.find((c) => c.id === id),
  course: { id: 'course', name: '安全管理' },
  head_teacher_id: head,
  head_teacher_name: head ? '李老师' : null,
  level: 'none',
  results: [],
  sessions,
  teachers: [],
});

const DETAILS: Record<string, unknown> = {
  [A]: detail(A, USER_ID, [
    session('s-a3', A, '2026-03-11T01:00:00Z', '2026-03-11T03:00:00Z'),
    session('s-a2', A, '2026-03-10T06:00:00Z', '2026-03-10T08:00:00Z'),
    session('s-a1', A, '2026-03-10T01:00:00Z', '2026-03-10T03:00:00Z'),
  ]),
  [B]: detail(B, 'someone-else', [session('s-b1', B, '2026-03-10T01:00:00Z', '2026-03-10T03:00:00Z')]),
};

const inboxItem = (kind: string, n: number) => ({
  action: { method: 'POST', path: `/api/v1/x/${n}` },
  kind,
  object_id: `0197a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  enrolment_id: null,
  class_id: A,
  class_name: '电梯安全管理员培训班',
  class_starts_at: '2026-03-09T01:00:00Z',
  status: 'submitted',
  training_fee: 0,
  exam_fee: 0,
  waiting_since: '2026-03-01T00:00:00Z',
});

interface World {
  me: Me;
  inbox?: unknown[];
  mine?: unknown[];
  planOverdue?: boolean;
  /** The classes `head_teacher=me` lists (default `LED`). */
  led?: string[];
}

/** The classes the caller leads (as the server's `head_teacher=me` answers): A and ENDED. */
const LED = [A, ENDED];

function stub(w: World): Sent[] {
  return stubApi((method, path, url) => {
    if (method !== 'GET') return undefined;
    if (path === '/api/v1/me') return json(w.me);
    if (path === '/api/v1/inbox') return json(onePage(w.inbox ?? []));
    if (path === '/api/v1/me/classes') return json(onePage(w.mine ?? []));
    if (path === '/api/v1/classes') {
      const q = url.searchParams;
      if (q.get('head_teacher') === 'me') return json(onePage(CLASSES.filter((c) => (w.led ?? LED).includes(c.id))));
      if (q.get('archive_overdue') === 'true') return json(onePage(CLASSES.filter((c) => c.id === ENDED)));
      return json(onePage(CLASSES));
    }
    const d = /^\/api\/v1\/classes\/([^/]+)$/.exec(path);
    if (d && DETAILS[d[1]!]) return json(DETAILS[d[1]!]);
    if (path === '/api/v1/plans') return json({ current_year: 2026, current_year_overdue: w.planOverdue ?? false, ...onePage([]) });
    return undefined;
  });
}

const asTrainee = () =>
  meWith([{ id: ENT, name: '长沙新奥燃气有限公司', kind: 'enterprise', roles: ['practitioner'] }], { grants: ['read_organizations', 'read_persons', 'read_training', 'my_classes'] });
const asHeadTeacher = () => meWith([{ id: CENTRE, name: '湖南特检培训中心', kind: 'training_centre', roles: ['head_teacher'] }], { grants: ['read_training', 'read_inbox', 'mark_attendance'] });
const STAFF_GRANTS: Grant[] = ['read_organizations', 'read_persons', 'read_training', 'manage_training', 'read_blacklist', 'read_enrolments', 'read_refunds', 'read_accounts', 'read_inbox'];
const asAssociation = () => meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_admin'] }], { grants: STAFF_GRANTS });
const asFinance = () => meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['finance'] }], { grants: ['read_training', 'read_enrolments', 'read_refunds', 'confirm_payments', 'read_inbox'] });

/** The counters shown, by name, with their counts. */
async function counters(): Promise<Record<string, string | null>> {
  const card = await screen.findByTestId('waiting');
  await waitFor(() => expect(within(card).queryAllByTestId(/^count-/).length).toBeGreaterThan(0));
  return Object.fromEntries(within(card).getAllByTestId(/^count-/).map((c) => [c.getAttribute('data-testid')!.slice(6), c.getAttribute('data-count')]));
}

describe('the workbench', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("shows a trainee their next class with its notice, and none of the clerks' cards", async () => {
    const sent = stub({
      me: asTrainee(),
      mine: [
        {
          class: CLASSES[0],
          course_name: '安全管理',
          delivery: 'face_to_face',
          enrolment_id: 'en1',
          status: 'paid',
          subject_kind: 'theory',
          notice: { class_name: '电梯安全管理员培训班', starts_at: '2026-03-09T01:00:00Z', ends_at: '2026-03-12T09:00:00Z', issued_at: '2026-03-01T02:00:00Z', venue: '长沙市岳麓区培训中心 201 室' },
          sessions: [
            { id: 's-past', kind: 'theory', starts_at: '2026-03-09T01:00:00Z', ends_at: '2026-03-09T03:00:00Z' },
            { id: 's-next', kind: 'theory', starts_at: '2026-03-11T01:00:00Z', ends_at: '2026-03-11T03:00:00Z' },
          ],
        },
      ],
    });
    renderPage(<WorkbenchPage />);
    const next = await screen.findByTestId('next-class');
    await within(next).findByText('电梯安全管理员培训班');
    // The session still ahead (Beijing time), not the one already over.
    expect(next.textContent).toContain('2026-03-11 09:00');
    expect(next.textContent).not.toContain('2026-03-09 09:00');
    expect(next.textContent).toContain('长沙市岳麓区培训中心 201 室');
    expect(screen.queryByTestId('waiting')).toBeNull();
    expect(screen.queryByTestId('today-sessions')).toBeNull();
    expect(screen.queryByTestId('overdue')).toBeNull();
    expect(sent.some((s) => s.path === '/api/v1/inbox' || s.path === '/api/v1/classes' || s.path === '/api/v1/plans')).toBe(false);
  });

  it("shows a head teacher today's sessions of the classes they lead, with the way to attendance, and their leave count only", async () => {
    const sent = stub({ me: asHeadTeacher(), inbox: [inboxItem('leave_decision', 1), inboxItem('leave_decision', 2)] });
    renderPage(<WorkbenchPage />);
    const card = await screen.findByTestId('today-sessions');
    const rows = await within(card).findAllByTestId('today-session');
    // Class A's two sessions of today, in time order; not tomorrow's, not class B's (another head teacher).
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('2026-03-10 09:00 – 11:00'),
      expect.stringContaining('2026-03-10 14:00 – 16:00'),
    ]);
    expect(rows[0]!.textContent).toContain('电梯安全管理员培训班');
    expect(rows[0]!.textContent).toContain('长沙市岳麓区培训中心 201 室');
    expect(card.textContent).not.toContain('锅炉操作培训班');
    expect(within(rows[0]!).getByTestId('today-session-link').getAttribute('href')).toBe(`/training/classes/${A}/attendance`);
    expect(await counters()).toEqual({ leave: '2' });
    expect(screen.queryByTestId('overdue')).toBeNull();
    expect(screen.queryByTestId('next-class')).toBeNull();
    // One list of the classes the caller leads, started by today and not cancelled; of those,
    // only the ones still running are read for their sessions (not the ended one, nor any class
    // another head teacher leads).
    const lists = sent.filter((s) => s.path === '/api/v1/classes');
    expect(lists).toHaveLength(1);
    expect(Object.fromEntries(lists[0]!.url.searchParams)).toEqual({ head_teacher: 'me', to: '2026-03-10', status: 'planned', limit: '200' });
    const details = sent.filter((s) => /^\/api\/v1\/classes\/[^/]+$/.test(s.path)).map((s) => s.path);
    expect(details).toEqual([`/api/v1/classes/${A}`]);
    expect(sent.some((s) => s.path.endsWith('/archive'))).toBe(false);
  });

  it('tells a head teacher with nothing today so', async () => {
    const sent = stub({ me: asHeadTeacher(), led: [ENDED] });
    renderPage(<WorkbenchPage />);
    const card = await screen.findByTestId('today-sessions');
    await within(card).findByText('今天您担任班主任的培训班没有课');
    expect(within(card).queryAllByTestId('today-session')).toHaveLength(0);
    expect(sent.some((s) => /^\/api\/v1\/classes\/[^/]+$/.test(s.path))).toBe(false);
  });

  it("shows the association the overdue plan and archives, each linking to where it is fixed, and the department's counters", async () => {
    const sent = stub({
      me: asAssociation(),
      planOverdue: true,
      inbox: [inboxItem('enrolment_confirmation', 1), inboxItem('deferral_approval', 2), inboxItem('change_letter_acknowledgement', 3)],
    });
    renderPage(<WorkbenchPage />);
    const card = await screen.findByTestId('overdue');
    const items = await within(card).findAllByTestId('overdue-item');
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['plan', 'archive']);
    expect(items[0]!.textContent).toContain('湖南省特种设备协会 2026年度培训计划逾期未公布');
    expect(within(items[0]!).getByTestId('overdue-link').getAttribute('href')).toBe('/training/plans');
    expect(items[1]!.textContent).toContain('气瓶充装培训班');
    expect(items[1]!.textContent).toContain('2026-02-20');
    expect(within(items[1]!).getByTestId('overdue-link').getAttribute('href')).toBe(`/training/classes/${ENDED}`);
    expect(await counters()).toEqual({ approve: '1', confirm: '1', letters: '1' });
    expect(screen.queryByTestId('today-sessions')).toBeNull();
    expect(screen.queryByTestId('next-class')).toBeNull();
    // The overdue archives are one list the server filters (TR-18's rule is the server's);
    // no class is read on its own.
    const lists = sent.filter((s) => s.path === '/api/v1/classes');
    expect(lists.map((s) => Object.fromEntries(s.url.searchParams))).toEqual([{ archive_overdue: 'true', limit: '200' }]);
    expect(sent.some((s) => s.path.startsWith('/api/v1/classes/'))).toBe(false);
  });

  it('tells the association when nothing is overdue', async () => {
    stubApi((_method, path) => {
      if (path === '/api/v1/me') return json(asAssociation());
      if (path === '/api/v1/inbox') return json(onePage([]));
      if (path === '/api/v1/classes') return json(onePage([]));
      if (path === '/api/v1/plans') return json({ current_year: 2026, current_year_overdue: false, ...onePage([]) });
      return undefined;
    });
    renderPage(<WorkbenchPage />);
    const card = await screen.findByTestId('overdue');
    await within(card).findByText('没有逾期事项');
  });

  it("shows finance what to collect and confirm, and no department's overdue card", async () => {
    const sent = stub({ me: asFinance(), inbox: [inboxItem('enrolment_payment', 1), inboxItem('enrolment_payment', 2), inboxItem('refund_payout', 3), inboxItem('refund_finance_confirmation', 4)] });
    renderPage(<WorkbenchPage />);
    expect(await counters()).toEqual({ confirm: '1', collect: '3' });
    expect(screen.queryByTestId('overdue')).toBeNull();
    expect(screen.queryByTestId('today-sessions')).toBeNull();
    expect(sent.some((s) => s.path === '/api/v1/plans' || s.path === '/api/v1/classes')).toBe(false);
  });
});

/** The shell's menu, as `Shell` builds it, beside the workbench. */
function MenuBeside() {
  const me = useMe();
  return <Menu mode="inline" items={useMenuItems(me.data)} data-testid="nav-menu" />;
}

describe('the menu badges', () => {
  beforeEach(() => {
    localStorage.clear();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const badge = (name: string) => screen.queryByTestId(`menu-badge-${name}`)?.querySelector('.ant-scroll-number')?.getAttribute('title') ?? null;

  it("give each entry the count of what waits behind it, read once with the workbench's", async () => {
    const sent = stub({
      me: asAssociation(),
      planOverdue: true,
      inbox: [inboxItem('enrolment_confirmation', 1), inboxItem('refund_department_confirmation', 2), inboxItem('refund_leader_approval', 3), inboxItem('change_letter_acknowledgement', 4), inboxItem('enrolment_resubmission', 5)],
    });
    renderPage(
      <>
        <MenuBeside />
        <WorkbenchPage />
      </>,
    );
    await waitFor(() => expect(badge('classes')).toBe('1'));
    expect(badge('inbox')).toBe('5');
    expect(badge('refunds')).toBe('2');
    expect(badge('accounts')).toBe('1');
    expect(badge('enrolments')).toBe('1');
    expect(badge('plans')).toBe('1');
    // Nothing waits behind attendance (not this role's screen) or the teachers.
    expect(screen.queryByTestId('menu-badge-attendance')).toBeNull();
    await screen.findAllByTestId('overdue-item');
    const reads = (p: string) => sent.filter((s) => s.path === p).length;
    expect(reads('/api/v1/inbox')).toBe(1);
    expect(reads('/api/v1/plans')).toBe(1);
    expect(reads('/api/v1/classes')).toBe(1);
  });

  it("give the head teacher's attendance entry the leave requests and today's sessions", async () => {
    stub({ me: asHeadTeacher(), inbox: [inboxItem('leave_decision', 1)] });
    renderPage(<MenuBeside />);
    await waitFor(() => expect(badge('attendance')).toBe('3'));
    expect(badge('inbox')).toBe('1');
    expect(screen.queryByTestId('menu-badge-classes')).toBeNull();
  });

  it('show no badge where nothing waits', async () => {
    const sent = stub({ me: asTrainee() });
    renderPage(<MenuBeside />);
    await screen.findByText('我的培训');
    await waitFor(() => expect(sent.some((s) => s.path === '/api/v1/me/classes')).toBe(true));
    expect(document.querySelectorAll('[data-testid^="menu-badge-"]')).toHaveLength(0);
  });
});
