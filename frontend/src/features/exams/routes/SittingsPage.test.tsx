import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, renderPage, stubApi } from '../../../testing/render';
import { captureDownloads } from '../../../testing/downloads';
import type { ExamResult, Sitting } from '../api/exams';
import { SittingsPage } from './SittingsPage';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const CLASS = '0197a000-0000-7000-8000-00000000c1a5';
const DONE = '0197a000-0000-7000-8000-0000000051a1';
const PLANNED = '0197a000-0000-7000-8000-0000000051a2';

function sitting(id: string, over: Partial<Sitting>): Sitting {
  return {
    id,
    association_id: ASSOC,
    class_id: CLASS,
    course_id: '0197a000-0000-7000-8000-00000000c0c0',
    paper_id: '0197a000-0000-7000-8000-00000000aa01',
    title: '',
    opens_at: '2026-12-07T01:00:00Z',
    closes_at: '2026-12-07T05:00:00Z',
    place: null,
    status: 'planned',
    duration_minutes: 90,
    pass_mark: 60,
    candidates: 2,
    version: 1,
    ...over,
  };
}

const result: ExamResult = {
  id: 'r1',
  sitting_id: DONE,
  candidate_id: 'c1',
  course_id: '0197a000-0000-7000-8000-00000000c0c0',
  enrolment_id: 'e1',
  person_id: 'p1',
  name: '周建华',
  national_id_masked: '430104********0013',
  attempt_no: 2,
  theory_score: 72,
  practical_score: null,
  outcome: 'passed',
  published_at: '2026-12-10T02:00:00Z',
};

describe('the sittings as the training department reads them', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the sittings without running them, and opens a sitting’s results and score sheet in a drawer', async () => {
    const sent = stubApi((method, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_staff'] }], { grants: ['read_training', 'read_exam_results'] }));
      if (path === '/api/v1/exam-sittings')
        return json({
          items: [sitting(PLANNED, { title: '2027年3月理论考试', opens_at: '2027-03-08T01:00:00Z', closes_at: '2027-03-08T03:00:00Z' }), sitting(DONE, { title: '2026年12月理论考试', status: 'results_published' })],
          next_cursor: null,
          total: 2,
        });
      if (path === '/api/v1/classes') return json({ items: [{ id: CLASS, name: '电梯安全管理员培训班' }], next_cursor: null });
      if (method === 'GET' && path === `/api/v1/exam-sittings/${DONE}/results`) return json({ items: [result], next_cursor: null, total: 1 });
      if (method === 'GET' && path === `/api/v1/exam-sittings/${DONE}/score-sheet`)
        return new Response(new Uint8Array([0x50, 0x4b, 3, 4]), { headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'Content-Disposition': "attachment; filename*=UTF-8''score-sheet.xlsx" } });
      return undefined;
    });
    renderPage(<SittingsPage />, { path: '/exams/sittings', route: '/exams/sittings' });
    await waitFor(() => expect(screen.getAllByTestId('sitting-row').map((r) => r.getAttribute('data-title'))).toEqual(['2027年3月理论考试', '2026年12月理论考试']));
    await waitFor(() => expect(screen.getAllByText('电梯安全管理员培训班')).toHaveLength(2));
    // Nothing of the exam side's: no new sitting, no papers (403 for them), no paper column.
    expect(screen.queryByTestId('sitting-new')).toBeNull();
    expect(screen.queryByRole('columnheader', { name: '试卷' })).toBeNull();
    expect(sent.some((r) => r.path.startsWith('/api/v1/exam-papers'))).toBe(false);

    // A sitting not yet published says so.
    const [planned, done] = screen.getAllByTestId('sitting-row');
    fireEvent.click(within(planned!).getByTestId('sitting-open'));
    expect(await screen.findByTestId('results-not-published')).toBeTruthy();
    expect(screen.queryByTestId('score-sheet')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByTestId('results-not-published')).toBeNull());

    // A published one: its results and the score sheet, without opening the sitting's page.
    fireEvent.click(within(done!).getByTestId('sitting-open'));
    const row = await screen.findByTestId('result');
    expect(row.getAttribute('data-name')).toBe('周建华');
    expect(within(row).getByTestId('theory-score').textContent).toBe('72');
    expect(within(row).getByTestId('outcome').getAttribute('data-outcome')).toBe('passed');
    expect(screen.getByText('2026年12月理论考试 的成绩')).toBeTruthy();
    const files = captureDownloads();
    try {
      fireEvent.click(screen.getByTestId('score-sheet'));
      await waitFor(() => expect(files.saved.map((f) => f.name)).toEqual(['score-sheet.xlsx']));
    } finally {
      files.restore();
    }
    expect(screen.queryByTestId('elsewhere')).toBeNull();
    expect(sent.some((r) => r.path === `/api/v1/exam-sittings/${DONE}` || r.path === `/api/v1/exam-sittings/${PLANNED}`)).toBe(false);
  });
});
