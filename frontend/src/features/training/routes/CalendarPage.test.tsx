import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, onePage, meWith, renderPage, stubApi } from '../../../testing/render';
import { CalendarPage, calendarRows, weekday } from './CalendarPage';
import type { CalendarDay } from '../api/training';
import { shanghaiToday } from '../lib/rules';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const YEAR = Number(shanghaiToday().slice(0, 4));
const day = (id: string, d: string, kind: CalendarDay['kind'], name: string, association_id: string | null = null): CalendarDay => ({ id, day: d, kind, name, association_id });

const DAYS = [
  day('1', `${YEAR}-10-01`, 'holiday', '国庆节'),
  day('2', `${YEAR}-10-11`, 'workday', '国庆调休上班'),
  day('3', `${YEAR}-10-11`, 'holiday', '协会安排休息', ASSOC),
  day('4', `${YEAR - 1}-05-01`, 'holiday', '劳动节'),
];

describe('the calendar rows', () => {
  it('keep a year in day order, mark the platform entry the association overrides, and filter by kind', () => {
    const rows = calendarRows(DAYS, YEAR, 'all');
    expect(rows.map((r) => [r.day.slice(5), r.name, r.overridden])).toEqual([
      ['10-01', '国庆节', false],
      ['10-11', '国庆调休上班', true],
      ['10-11', '协会安排休息', false],
    ]);
    expect(calendarRows(DAYS, 'all', 'workday').map((r) => r.name)).toEqual(['国庆调休上班']);
    expect(calendarRows(DAYS, YEAR - 1, 'all').map((r) => r.name)).toEqual(['劳动节']);
  });
  it('name the weekday of the day itself', () => {
    expect(weekday('2026-10-01', 'zh-CN')).toBe('周四');
    expect(weekday('2026-10-11', 'en')).toBe('Sun');
  });
});

describe('the holiday calendar screen (TR-18)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("lists this year's days with the association's own, and adds a make-up working day for the association", async () => {
    let days = DAYS;
    let exists = true;
    const sent = stubApi((method, path, url, body) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_staff'] }]));
      if (path === '/api/v1/calendar-days' && method === 'GET') {
        expect(url.searchParams.get('association_id')).toBe(ASSOC);
        return json(onePage(days));
      }
      if (path === '/api/v1/calendar-days' && method === 'POST') {
        if (exists) {
          exists = false;
          return json({ status: 409, detail: '该日期已登记', detail_en: 'this day is already in the calendar' }, 409);
        }
        const b = JSON.parse(body) as CalendarDay;
        const added = day('5', b.day, b.kind, b.name, b.association_id ?? null);
        days = [...days, added];
        return json(added, 201);
      }
      return undefined;
    });
    renderPage(<CalendarPage />);
    await waitFor(() => expect(screen.getAllByTestId('calendar-row')).toHaveLength(3));
    const overridden = screen.getAllByTestId('calendar-row').filter((r) => within(r).queryByTestId('calendar-overridden'));
    expect(overridden.map((r) => [r.getAttribute('data-day'), r.getAttribute('data-scope')])).toEqual([[`${YEAR}-10-11`, 'platform']]);
    expect(screen.getAllByTestId('calendar-row')[2]!.textContent).toContain('湖南省特种设备协会');

    fireEvent.click(screen.getByTestId('calendar-add'));
    const dialog = await screen.findByRole('dialog');
    const date = dialog.querySelector<HTMLInputElement>('.ant-picker input');
    if (!date) throw new Error('no date input');
    fireEvent.mouseDown(date);
    fireEvent.change(date, { target: { value: `${YEAR}-09-28` } });
    fireEvent.keyDown(date, { key: 'Enter', code: 'Enter' });
    fireEvent.click(within(dialog).getByTestId('calendar-workday'));
    fireEvent.change(within(dialog).getByTestId('calendar-name'), { target: { value: '国庆调休上班' } });
    fireEvent.click(screen.getByTestId('calendar-save'));
    await screen.findByText('该日期已登记');
    fireEvent.click(screen.getByTestId('calendar-save'));

    await waitFor(() => expect(screen.getAllByTestId('calendar-row')).toHaveLength(4));
    const posts = sent.filter((r) => r.method === 'POST');
    expect(JSON.parse(posts[1]!.body)).toEqual({ day: `${YEAR}-09-28`, kind: 'workday', name: '国庆调休上班', association_id: ASSOC });
    expect(screen.getAllByTestId('calendar-row')[0]!.getAttribute('data-day')).toBe(`${YEAR}-09-28`);
  });

  it('shows finance the calendar without the add button', async () => {
    stubApi((_m, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '协会', kind: 'association', roles: ['finance'] }]));
      if (path === '/api/v1/calendar-days') return json(onePage(DAYS));
      return undefined;
    });
    renderPage(<CalendarPage />);
    await waitFor(() => expect(screen.getAllByTestId('calendar-row')).toHaveLength(3));
    expect(screen.queryByTestId('calendar-add')).toBeNull();
    expect(screen.queryByTestId('calendar-remove')).toBeNull();
  });

  it("lets the association's staff remove their own entry only, after a confirmation", async () => {
    let days = DAYS;
    const sent = stubApi((method, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_staff'] }]));
      if (path === '/api/v1/calendar-days' && method === 'GET') return json(onePage(days));
      if (path === '/api/v1/calendar-days/3' && method === 'DELETE') {
        days = days.filter((d) => d.id !== '3');
        return new Response(null, { status: 204 });
      }
      return undefined;
    });
    renderPage(<CalendarPage />);
    await waitFor(() => expect(screen.getAllByTestId('calendar-row')).toHaveLength(3));
    const removable = screen.getAllByTestId('calendar-row').filter((r) => within(r).queryByTestId('calendar-remove'));
    expect(removable.map((r) => r.getAttribute('data-scope'))).toEqual(['association']);
    fireEvent.click(within(removable[0]!).getByTestId('calendar-remove'));
    expect(sent.some((r) => r.method === 'DELETE')).toBe(false);
    const pop = (await screen.findByText(`删除 ${YEAR}-10-11 这一条?归档期限将随之重新计算`)).closest<HTMLElement>('.ant-popover');
    if (!pop) throw new Error('no confirmation');
    fireEvent.click(within(pop).getByRole('button', { name: /删\s*除/ }));
    await waitFor(() => expect(sent.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/api/v1/calendar-days/3']));
    await screen.findByText(`已删除 ${YEAR}-10-11`);
    await waitFor(() => expect(screen.getAllByTestId('calendar-row')).toHaveLength(2));
    expect(screen.queryByTestId('calendar-overridden')).toBeNull();
  });
});
