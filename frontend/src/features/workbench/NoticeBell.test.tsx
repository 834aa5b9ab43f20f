// The notice bell: the count of unread notices (inbox items and a trainee's class notices),
// the list on click, one notice read when opened, all read at once; read marks stay on the device.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, onePage, renderPage, stubApi } from '../../testing/render';
import { NoticeBell } from './NoticeBell';

const ME = meWith([{ id: 'ent', name: '长沙新奥燃气有限公司', kind: 'enterprise', roles: ['enterprise_manager', 'practitioner'] }], { grants: ['read_inbox', 'my_classes'] });

const item = (n: number) => ({
  action: { method: 'POST', path: `/api/v1/enrolments/e${n}/approval` },
  kind: 'enrolment_approval',
  object_id: `e${n}`,
  enrolment_id: `e${n}`,
  class_id: 'c1',
  class_name: '气瓶充装安全管理培训班',
  class_starts_at: '2027-01-05T01:00:00Z',
  status: 'submitted',
  training_fee: 0,
  exam_fee: 0,
  waiting_since: '2026-12-01T02:00:00Z',
});

const mine = {
  class: { id: 'c2', name: '电梯安全管理员培训班' },
  enrolment_id: 'en9',
  status: 'paid',
  sessions: [],
  notice: { class_name: '电梯安全管理员培训班', starts_at: '2027-02-01T01:00:00Z', ends_at: '2027-02-03T09:00:00Z', issued_at: '2026-12-20T02:00:00Z', venue: '长沙' },
};

function stub() {
  stubApi((_method, path) => {
    if (path === '/api/v1/inbox') return json(onePage([item(1), item(2)]));
    if (path === '/api/v1/me/classes') return json(onePage([mine]));
    return undefined;
  });
}

const unread = () => screen.getByTestId('notice-unread').querySelector('.ant-scroll-number')?.getAttribute('title') ?? null;

describe('the notice bell', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('counts the unread notices, marks one read when opened and the rest with "mark all read"', async () => {
    stub();
    // The bell sits in the shell: it stays on screen when a notice leads elsewhere.
    renderPage(<NoticeBell me={ME} />, { path: '/*' });
    await waitFor(() => expect(unread()).toBe('3'));
    fireEvent.click(screen.getByTestId('notice-bell'));
    const list = await screen.findByTestId('notice-list');
    expect(within(list).getAllByText('报名待审批')).toHaveLength(2);
    within(list).getByText('开班通知:电梯安全管理员培训班');
    // The issue time of the class notice, Beijing time.
    within(list).getByText('2026-12-20 10:00');

    fireEvent.click(within(list).getByText('开班通知:电梯安全管理员培训班'));
    await waitFor(() => expect(unread()).toBe('2'));

    fireEvent.click(within(list).getByTestId('notices-read-all'));
    await waitFor(() => expect(unread()).toBeNull());
    expect(within(list).queryByTestId('notices-read-all')).toBeNull();
    expect(JSON.parse(localStorage.getItem('seforce.seen-notices') ?? '[]')).toEqual(expect.arrayContaining(['notice-en9', 'inbox-enrolment_approval-e1', 'inbox-enrolment_approval-e2']));
  });

  it('remembers what was read on this device', async () => {
    localStorage.setItem('seforce.seen-notices', JSON.stringify(['inbox-enrolment_approval-e1']));
    stub();
    renderPage(<NoticeBell me={ME} />);
    await waitFor(() => expect(unread()).toBe('2'));
  });

  it('says so when nothing waits', async () => {
    stubApi((_method, path) => (path === '/api/v1/inbox' || path === '/api/v1/me/classes' ? json(onePage([])) : undefined));
    renderPage(<NoticeBell me={ME} />);
    fireEvent.click(screen.getByTestId('notice-bell'));
    await within(await screen.findByTestId('notice-list')).findByText('暂无通知');
    expect(unread()).toBeNull();
  });
});
