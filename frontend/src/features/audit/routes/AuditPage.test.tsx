import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../../config/i18n';
import { USER_ID, json, meWith, renderPage, stubApi, type Sent } from '../../../testing/render';
import { AUDIT_ACTIONS, actionLabel, objectName } from '../labels';
import { AuditPage } from './AuditPage';

const ORG = '0197a000-0000-7000-8000-00000000e001';
const CLERK = '0197a000-0000-7000-8000-0000000000c1';
const HIDDEN = '0197a000-0000-7000-8000-0000000000c2';
const PERSON = '0197a000-0000-7000-8000-0000000000d1';
const CLASS = '0197a000-0000-7000-8000-0000000000d2';

const row = (over: Record<string, unknown>) => ({
  id: `0197a000-0000-7000-8000-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`,
  seq: 7,
  at: '2026-12-01T02:05:00Z',
  actor_id: CLERK,
  action: 'person.create',
  object_type: 'person',
  object_id: PERSON,
  organization_id: ORG,
  change: {},
  digest: 'd',
  hash: 'abcdef0123456789',
  ...over,
});

function stub(): Sent[] {
  return stubApi((_method, path) => {
    if (path === '/api/v1/me') return json(meWith([{ id: ORG, name: '检验院', kind: 'inspection_institution', roles: ['institution_admin'] }]));
    if (path === '/api/v1/audit')
      return json({
        items: [
          // The server names both: the object as it reads now (renamed since), the actor.
          row({ action: 'person.update', actor_name: '王文员', object_name: '林秀英', change: { before: { name: '林秀' }, after: { name: '林秀英' } } }),
          // No names from the server (the actor and the class are gone): the ids' starts.
          row({ action: 'class.cancel', object_type: 'class', object_id: CLASS, actor_id: HIDDEN, actor_name: null, object_name: null }),
          // The caller, "you"; an object named only in its change (deleted since).
          row({ action: 'exam.sit_down', object_type: 'exam_sitting', object_id: 'X-1', actor_id: USER_ID, actor_name: '测试用户', object_name: null, change: { before: { title: '第一场' } } }),
        ],
        next_cursor: null,
      });
    return undefined;
  });
}

const rows = () => screen.getAllByTestId('audit-row');

describe('the audit log, in words', () => {
  afterEach(async () => {
    vi.unstubAllGlobals();
    await act(() => i18n.changeLanguage('zh-CN'));
  });

  it('labels actions and object types, shows the names the server sent, and never shows a bare full id', async () => {
    const sent = stub();
    renderPage(<AuditPage />);
    await waitFor(() => expect(rows()).toHaveLength(3));
    const [updated, cancelled, unknown] = rows() as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(updated).getByTestId('audit-action').textContent).toBe('修改人员');
    expect(within(updated).getByTestId('audit-object-type').textContent).toBe('人员');
    expect(within(updated).getAllByTestId('audit-name').map((n) => n.textContent)).toEqual(['林秀英', '王文员']);
    expect(within(updated).getAllByTestId('audit-name').map((n) => n.getAttribute('data-id'))).toEqual([PERSON, CLERK]);
    expect(within(updated).getByText('2026-12-01 10:05')).toBeTruthy();

    expect(within(cancelled).getByTestId('audit-action').textContent).toBe('取消开班');
    expect(within(cancelled).getByTestId('audit-object-type').textContent).toBe('培训班');
    // No name known for the class nor for an actor the caller may not read: the start of the id, the whole on hover.
    const ids = within(cancelled).getAllByTestId('short-id');
    expect(ids.map((i) => i.textContent)).toEqual(['0197a000…', '0197a000…']);
    expect(ids.map((i) => i.getAttribute('data-id'))).toEqual([CLASS, HIDDEN]);
    fireEvent.mouseEnter(ids[0]!);
    expect((await screen.findByTestId('short-id-full')).textContent).toBe(CLASS);

    // A code the screen does not know yet is shown as it is; the caller is "you".
    expect(within(unknown).getByTestId('audit-action').textContent).toBe('exam.sit_down');
    expect(within(unknown).getByTestId('audit-object-type').textContent).toBe('exam_sitting');
    expect(within(unknown).getAllByTestId('audit-name').map((n) => n.textContent)).toEqual(['第一场', '测试用户(本人)']);

    // Names come with the rows: no user is looked up one by one.
    expect(sent.filter((s) => s.path.startsWith('/api/v1/users'))).toEqual([]);
    expect(sent.filter((s) => s.path === '/api/v1/audit')[0]?.url.searchParams.get('with_total')).toBe('true');

    for (const r of rows()) expect(r.textContent).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });

  it('reads in English too', async () => {
    await act(() => i18n.changeLanguage('en'));
    stub();
    renderPage(<AuditPage />);
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(within(rows()[0]!).getByTestId('audit-action').textContent).toBe('Person updated');
    expect(within(rows()[1]!).getByTestId('audit-object-type').textContent).toBe('Class');
  });

  it('has a label in both languages for every action code it lists', () => {
    const zh = i18n.getFixedT('zh-CN');
    const en = i18n.getFixedT('en');
    for (const a of AUDIT_ACTIONS) {
      expect(actionLabel(zh, a)).not.toBe(a);
      expect(actionLabel(en, a)).not.toBe(a);
    }
  });

  it('finds the object name a row recorded', () => {
    expect(objectName({ after: { name: '林秀英' } })).toBe('林秀英');
    expect(objectName({ before: { display_name: '王文员' } })).toBe('王文员');
    expect(objectName({ title: '2027年度培训计划' })).toBe('2027年度培训计划');
    expect(objectName({ after: { capacity: 30 } })).toBeUndefined();
    expect(objectName({})).toBeUndefined();
  });

  it('filters by a whole domain of actions', async () => {
    const sent = stub();
    renderPage(<AuditPage />);
    await waitFor(() => expect(rows()).toHaveLength(3));
    const box = within(screen.getByTestId('audit-filter-action')).getByRole('combobox');
    fireEvent.mouseDown(box);
    fireEvent.change(box, { target: { value: '人员(全部)' } });
    fireEvent.click(await screen.findByTitle('人员(全部)'));
    fireEvent.click(screen.getByTestId('filter-submit'));
    await waitFor(() => expect(sent.filter((s) => s.path === '/api/v1/audit').at(-1)?.url.searchParams.get('action')).toBe('person.'));
  });
});
