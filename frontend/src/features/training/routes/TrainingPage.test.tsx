import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { json, meWith, onePage, renderPage, stubApi } from '../../../testing/render';
import { filterClasses, TrainingPage } from './TrainingPage';
import type { Class } from '../api/training';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';

const klass = (id: string, name: string, course_id: string, starts_at: string, status: 'planned' | 'cancelled' = 'planned'): Class => ({
  id,
  association_id: ASSOC,
  course_id,
  name,
  starts_at,
  ends_at: starts_at,
  capacity: 30,
  seats_taken: 1,
  training_fee: 50000,
  exam_fee: 10000,
  status,
  venue: '长沙',
});

const CLASSES = [
  klass('k1', '气瓶充装安全管理培训班', 'c1', '2027-01-05T01:00:00Z'),
  // 16:30 UTC on 31 January is 1 February in Beijing.
  klass('k2', '电梯安全管理培训班', 'c2', '2027-01-31T16:30:00Z'),
  klass('k3', '气瓶检验员培训班', 'c1', '2027-03-01T01:00:00Z', 'cancelled'),
];

function stub() {
  return stubApi((_method, path) => {
    if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '协会', kind: 'association', roles: ['association_staff'] }]));
    if (path === '/api/v1/classes') return json(onePage(CLASSES));
    if (path === '/api/v1/courses')
      return json(
        onePage([
          { id: 'c1', association_id: ASSOC, name: '气瓶充装', subject_kind: 'professional', topic: 'rules', equipment_categories: [], delivery: 'face_to_face', theory_hours: 8, practical_hours: 0 },
          { id: 'c2', association_id: ASSOC, name: '电梯管理', subject_kind: 'professional', topic: 'rules', equipment_categories: [], delivery: 'face_to_face', theory_hours: 8, practical_hours: 0 },
        ]),
      );
    if (path === '/api/v1/accident-cases') return json(onePage([]));
    return undefined;
  });
}

describe('the classes list', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => vi.unstubAllGlobals());

  it('filters by name, course, status and the Beijing day a class starts', () => {
    expect(filterClasses(CLASSES, { name: '气瓶' }).map((c) => c.id)).toEqual(['k1', 'k3']);
    expect(filterClasses(CLASSES, { course_id: 'c2' }).map((c) => c.id)).toEqual(['k2']);
    expect(filterClasses(CLASSES, { status: 'cancelled' }).map((c) => c.id)).toEqual(['k3']);
    expect(filterClasses(CLASSES, { range: [dayjs('2027-02-01'), dayjs('2027-02-28')] }).map((c) => c.id)).toEqual(['k2']);
    expect(filterClasses(CLASSES, {}).map((c) => c.id)).toEqual(['k1', 'k2', 'k3']);
  });

  it('searches, tells the total, and resets', async () => {
    stub();
    renderPage(<TrainingPage />);
    await waitFor(() => expect(screen.getAllByTestId('class-link')).toHaveLength(3));
    expect(screen.getByTestId('classes-total').textContent).toBe('共 3 条');
    fireEvent.change(screen.getByTestId('class-filter-name'), { target: { value: '气瓶' } });
    fireEvent.click(screen.getByTestId('filter-submit'));
    await waitFor(() => expect(screen.getAllByTestId('class-link')).toHaveLength(2));
    expect(screen.getByTestId('classes-total').textContent).toBe('共 2 条');
    fireEvent.click(screen.getByTestId('filter-reset'));
    await waitFor(() => expect(screen.getAllByTestId('class-link')).toHaveLength(3));
  });

  it('shows the end column on request and remembers it', async () => {
    stub();
    renderPage(<TrainingPage />);
    await waitFor(() => expect(screen.getAllByTestId('class-link')).toHaveLength(3));
    const table = screen.getAllByTestId('class-link')[0]!.closest('table')!;
    expect(within(table).queryByRole('columnheader', { name: '结束时间' })).toBeNull();
    fireEvent.click(screen.getByTestId('columns-button'));
    const ends = (await screen.findAllByTestId('column-toggle')).find((c) => c.getAttribute('data-column') === 'ends')!;
    fireEvent.click(ends.tagName === 'INPUT' ? ends : ends.querySelector('input')!);
    await waitFor(() => expect(within(table).getByRole('columnheader', { name: '结束时间' })).toBeTruthy());
    expect(JSON.parse(localStorage.getItem('seforce.columns.classes') ?? 'null')).toEqual([]);
  });
});
