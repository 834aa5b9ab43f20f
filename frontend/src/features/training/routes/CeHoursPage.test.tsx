import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, renderPage, stubApi, USER_ID } from '../../../testing/render';
import { PersonsPage } from '../../persons/routes/PersonsPage';
import { CeHoursPage, newestFirst } from './CeHoursPage';
import type { CeEntry } from '../api/training';
import type { Role } from '../../../lib/me';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const PERSON = '0197a000-0000-7000-8000-0000000000d1';
const OTHER = '0197a000-0000-7000-8000-0000000000d2';
const ROUTE = { path: '/persons/:id/ce-hours', route: `/persons/${PERSON}/ce-hours` };

const person = (id: string, name: string, user_id: string | null = null) => ({
  id,
  name,
  gender: 'male',
  birth_date: '1991-07-16',
  national_id_masked: '430103********0316',
  employer_id: 'ent',
  employer_name: '长沙新奥燃气有限公司',
  user_id,
  version: 1,
  created_at: '2026-01-01T00:00:00Z',
});

const classEntry: CeEntry = { source: 'completed_class', title: '气瓶充装安全管理', hours: 24, held_on: '2025-04-18' };
const studyEntry: CeEntry = { source: 'online_study', title: '在线学习:燃气安全', hours: 2, held_on: '2025-09-02' };

describe('the continuing-education ledger', () => {
  it('lists the newest day first', () => {
    expect(newestFirst([classEntry, studyEntry]).map((e) => e.held_on)).toEqual(['2025-09-02', '2025-04-18']);
  });
});

describe('the continuing-education screen (CE-03)', () => {
  afterEach(() => vi.unstubAllGlobals());

  /** The staff's view of 周建华's ledger; a POST answers 409 once, then records the entry. */
  function staffLedger() {
    let entries: CeEntry[] = [classEntry, studyEntry];
    let conflict = true;
    const sent = stubApi((method, path, _url, body) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_staff'] }]));
      if (path === `/api/v1/persons/${PERSON}`) return json(person(PERSON, '周建华'));
      if (path === `/api/v1/persons/${PERSON}/ce-hours`)
        return json({ person_id: PERSON, period_starts_on: '2025-04-18', period_ends_on: '2028-04-17', hours: entries.reduce((n, e) => n + e.hours, 0), met: true, entries });
      if (method === 'POST' && path === '/api/v1/ce-hours') {
        if (conflict) {
          conflict = false;
          return json({ status: 409, detail: '该学时已登记', detail_en: 'these hours are already recorded' }, 409);
        }
        const b = JSON.parse(body) as CeEntry;
        entries = [...entries, { source: b.source, title: b.title, hours: b.hours, held_on: b.held_on }];
        return json(entries.at(-1), 201);
      }
      return undefined;
    });
    renderPage(<CeHoursPage />, ROUTE);
    return sent;
  }

  it('shows the period, its hours and its lines, newest first', async () => {
    staffLedger();
    await screen.findByText('继续教育学时 · 周建华');
    expect(screen.getByTestId('ce-period').textContent).toBe('2025-04-18 至 2028-04-17');
    expect(screen.getByTestId('ce-hours').textContent).toBe('26 学时');
    expect(screen.getByTestId('ce-met').getAttribute('data-met')).toBe('true');
    const rows = screen.getAllByTestId('ce-entry');
    expect(rows.map((r) => r.textContent)).toEqual(['2025-09-02网络学习在线学习:燃气安全2', '2025-04-18培训班(合格)气瓶充装安全管理24']);
  });

  // Split from the test above (session 9): as one test it rendered the page, the dialog and
  // the Select in one 20 s budget, and a fresh-clone CI run once missed the 5 s wait for the
  // validation message on a loaded two-core machine. Each part now waits on its own screen.
  it('staff record an association session only with its subject; a refusal is shown and the retry is saved', async () => {
    const sent = staffLedger();
    fireEvent.click(await screen.findByTestId('ce-record'));
    const dialog = await screen.findByRole('dialog');
    // The topic field is there as soon as the dialog is: a save clicked at once validates it.
    expect(within(dialog).getByTestId('ce-topic')).toBeTruthy();
    fireEvent.change(within(dialog).getByTestId('ce-title'), { target: { value: '2026年特种设备新法规宣贯会' } });
    fireEvent.click(screen.getByTestId('ce-save'));
    // An association session counts only for new policy, regulation or technique.
    await within(dialog).findByText('请选择专题内容');
    expect(sent.some((r) => r.method === 'POST')).toBe(false);

    fireEvent.mouseDown(within(within(dialog).getByTestId('ce-topic')).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('新法规')).at(-1)!);
    fireEvent.click(screen.getByTestId('ce-save'));
    await screen.findByText('该学时已登记');
    fireEvent.click(screen.getByTestId('ce-save'));

    await waitFor(() => expect(screen.getAllByTestId('ce-entry')).toHaveLength(3));
    const posts = sent.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    const b = JSON.parse(posts[1]!.body) as Record<string, unknown>;
    expect(b).toMatchObject({ person_id: PERSON, association_id: ASSOC, source: 'association_session', topic: 'new_regulation', title: '2026年特种设备新法规宣贯会', hours: 4 });
    expect(b.held_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(screen.getByTestId('ce-hours').textContent).toBe('30 学时');
  });

  it('shows a person with no record yet as not met, without the record button for a practitioner', async () => {
    stubApi((_m, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: 'inst', name: '检验院', kind: 'inspection_institution', roles: ['practitioner'] }], { person_id: PERSON }));
      if (path === `/api/v1/persons/${PERSON}`) return json(person(PERSON, '何明', USER_ID));
      if (path === `/api/v1/persons/${PERSON}/ce-hours`) return json({ person_id: PERSON, period_starts_on: null, period_ends_on: null, hours: 0, met: false, entries: [] });
      return undefined;
    });
    renderPage(<CeHoursPage />, ROUTE);
    await waitFor(() => expect(screen.getByTestId('ce-met').getAttribute('data-met')).toBe('false'));
    expect(screen.getByTestId('ce-period').textContent).toBe('尚无记录:首次完成培训后开始计算3年周期');
    expect(screen.getByText('本周期没有学时记录')).toBeTruthy();
    expect(screen.queryByTestId('ce-record')).toBeNull();
  });

  it('is linked from the people screen: for staff on every row, for a practitioner only on their own', async () => {
    const rolesOf: { current: Role[] } = { current: ['association_staff'] };
    stubApi((_m, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '协会', kind: 'association', roles: rolesOf.current }]));
      if (path === '/api/v1/persons') return json({ items: [person(PERSON, '何明', USER_ID), person(OTHER, '陈晓燕')], next_cursor: null });
      if (path === '/api/v1/organizations') return json({ items: [], next_cursor: null });
      return undefined;
    });
    const staff = renderPage(<PersonsPage />);
    await waitFor(() => expect(screen.getAllByTestId('person-ce')).toHaveLength(2));
    expect(screen.getAllByTestId('person-ce')[0]!.getAttribute('href')).toBe(`/persons/${PERSON}/ce-hours`);
    staff.unmount();

    rolesOf.current = ['practitioner'];
    renderPage(<PersonsPage />);
    await screen.findByText('陈晓燕');
    await waitFor(() => expect(screen.getAllByTestId('person-ce')).toHaveLength(1));
    expect(screen.getByTestId('person-ce').getAttribute('href')).toBe(`/persons/${PERSON}/ce-hours`);
  });
});

describe('the continuing-education screen on a phone', () => {
  const width = window.innerWidth;
  afterEach(() => {
    window.innerWidth = width;
    vi.unstubAllGlobals();
  });

  it('shows a practitioner their ledger lines as cards titled by what was studied', async () => {
    window.innerWidth = 375;
    stubApi((_m, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '协会', kind: 'association', roles: ['practitioner'] }], { person_id: PERSON }));
      if (path === `/api/v1/persons/${PERSON}`) return json(person(PERSON, '周建华', USER_ID));
      if (path === `/api/v1/persons/${PERSON}/ce-hours`)
        return json({ person_id: PERSON, period_starts_on: '2025-04-18', period_ends_on: '2028-04-17', hours: 26, met: false, entries: [classEntry, studyEntry] });
      return undefined;
    });
    renderPage(<CeHoursPage />, ROUTE);
    const list = await screen.findByTestId('card-list');
    const cards = within(list).getAllByTestId('ce-entry');
    expect(cards.map((c) => c.querySelector('.ant-card-head')?.textContent)).toEqual(['在线学习:燃气安全', '气瓶充装安全管理']);
    expect(within(cards[1]!).getByText('2025-04-18')).toBeTruthy();
    expect(within(cards[1]!).getByText('24')).toBeTruthy();
  });
});
