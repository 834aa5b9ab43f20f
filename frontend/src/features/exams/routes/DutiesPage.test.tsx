import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, renderPage, stubApi } from '../../../testing/render';
import type { Candidate, Incident, MyDuty, StationScore } from '../api/exams';
import { DutyPage } from './DutiesPage';

const SUB = '0197a000-0000-7000-8000-00000000a5c0';
const SITTING = '0197a000-0000-7000-8000-0000000051a1';
const ME = '0197a000-0000-7000-8000-0000000e0001';

function duty(duties: MyDuty['duties']): MyDuty {
  return {
    duties,
    sitting: {
      id: SITTING,
      association_id: 'a',
      class_id: 'c',
      course_id: 'k',
      paper_id: 'p',
      title: '2026年12月理论考试',
      opens_at: '2026-12-07T01:00:00Z',
      closes_at: '2099-12-07T05:00:00Z',
      place: '长沙考点 301',
      status: 'planned',
      duration_minutes: 90,
      pass_mark: 60,
      candidates: 1,
      version: 1,
    },
    stations: duties.includes('evaluator') ? [{ name: '壁厚测定', checklist: [{ item: '正确使用测厚仪', points: 60 }, { item: '如实记录读数', points: 40 }] }] : [],
  };
}

const candidate: Candidate = {
  id: '0197a000-0000-7000-8000-0000000ca001',
  sitting_id: SITTING,
  enrolment_id: 'e1',
  person_id: 'p1',
  name: '周建华',
  national_id_masked: '430104********0013',
  attempt_no: 1,
  fee_due: false,
  fee_paid: false,
  seat: 12,
  evaluator_id: ME,
  second_evaluator_id: null,
  third_evaluator_id: null,
  signed_in_at: null,
};

describe('the proctor’s and the evaluator’s console', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lets a proctor sign a candidate in and record an incident, answered with its consequence and rule', async () => {
    let seats = [candidate];
    let incidents: Incident[] = [];
    const sent = stubApi((method, path, _url, body) => {
      if (path === '/api/v1/me') return json(meWith([{ id: SUB, name: '分中心', kind: 'sub_centre', roles: ['proctor'] }], { grants: ['exam_duties'] }));
      if (path === '/api/v1/me/exam-duties') return json({ items: [duty(['proctor'])], next_cursor: null });
      if (path === `/api/v1/exam-sittings/${SITTING}/candidates`) return json({ items: seats, next_cursor: null });
      if (path === `/api/v1/exam-sittings/${SITTING}/record`) return json({ sitting_id: SITTING, seats, incidents, recordings: [], papers: [], keep_until: '2036-12-07' });
      if (path === `/api/v1/exam-candidates/${candidate.id}/sign-in`) {
        seats = [{ ...candidate, signed_in_at: '2026-12-07T01:05:00Z' }];
        return json(seats[0]);
      }
      if (path === `/api/v1/exam-sittings/${SITTING}/incidents` && method === 'GET') return json({ items: incidents, next_cursor: null });
      if (path === `/api/v1/exam-sittings/${SITTING}/incidents` && method === 'POST') {
        const b = JSON.parse(body) as Incident;
        const i: Incident = { ...b, id: 'i1', sitting_id: SITTING, person_id: 'p1', consequence: 'warning', sanction_id: null, recorded_at: '2026-12-07T01:20:00Z' };
        incidents = [i];
        return json(i, 201);
      }
      return undefined;
    });
    renderPage(<DutyPage />, { path: '/exams/duties/:id', route: `/exams/duties/${SITTING}` });
    const seat = await screen.findByTestId('seat');
    fireEvent.click(within(seat).getByTestId('sign-in'));
    fireEvent.click(await screen.findByRole('button', { name: '是' }));
    expect((await screen.findByTestId('signed-in')).textContent).toBe('2026-12-07 09:05 签到');
    expect(screen.getByTestId('keep-until').textContent).toBe('保存至少 10 年,2036-12-07 起方可删除');

    fireEvent.click(screen.getByTestId('incident-new'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('incident-kind-hint').textContent).toContain('第一次警告');
    fireEvent.mouseDown(within(within(dialog).getByTestId('incident-candidate')).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('12 · 周建华 · 430104********0013')).at(-1)!);
    fireEvent.change(within(dialog).getByTestId('incident-evidence'), { target: { value: ' 手机藏于袖中 ' } });
    fireEvent.change(within(dialog).getByTestId('incident-witness'), { target: { value: '监考员 孙丽' } });
    fireEvent.click(screen.getByTestId('incident-save'));
    const outcome = await screen.findByTestId('incident-outcome');
    expect(within(outcome).getByTestId('incident-consequence').getAttribute('data-consequence')).toBe('warning');
    expect(within(outcome).getByTestId('rule-ref').textContent).toBe('EX-03');
    const post = JSON.parse(sent.find((r) => r.method === 'POST' && r.path.endsWith('/incidents'))!.body) as Record<string, unknown>;
    expect(post).toMatchObject({ candidate_id: candidate.id, kind: 'cheating', evidence: '手机藏于袖中', witness: '监考员 孙丽' });
    expect(typeof post.occurred_at).toBe('string');
    await waitFor(() => expect(screen.getAllByTestId('incident')).toHaveLength(1));
  });

  it('lets an evaluator score their candidate’s station item by item on its checklist, starting from what they scored before', async () => {
    // Their own earlier score of station 1; another evaluator's row is not theirs to start from.
    let scores: StationScore[] = [
      { id: 's-other', candidate_id: candidate.id, station: 1, evaluator_id: 'someone-else', points: 100, max_points: 100, checks: [60, 40], records: [] },
      { id: 's-mine', candidate_id: candidate.id, station: 1, evaluator_id: ME, points: 80, max_points: 100, checks: [50, 30], records: [{ name: '测厚记录表', uri: 'archive://2026/12/ca001-1.pdf' }] },
    ];
    const sent = stubApi((method, path, _url, body) => {
      if (path === '/api/v1/me') return json(meWith([{ id: SUB, name: '分中心', kind: 'sub_centre', roles: ['evaluator'] }], { grants: ['exam_duties'], person_id: ME }));
      if (path === '/api/v1/me/exam-duties') return json({ items: [duty(['evaluator'])], next_cursor: null });
      if (path === `/api/v1/exam-sittings/${SITTING}/candidates`) return json({ items: [candidate, { ...candidate, id: 'other', name: '别人的考生', evaluator_id: 'someone-else' }], next_cursor: null });
      if (method === 'GET' && path === `/api/v1/exam-candidates/${candidate.id}/stations`) return json({ items: scores, next_cursor: null, total: scores.length });
      if (method === 'PUT' && path === `/api/v1/exam-candidates/${candidate.id}/stations/1`) {
        const b = JSON.parse(body) as { checks: number[]; records: StationScore['records'] };
        const s: StationScore = { id: 's-mine', candidate_id: candidate.id, station: 1, evaluator_id: ME, points: b.checks.reduce((a, x) => a + x, 0), max_points: 100, checks: b.checks, records: b.records };
        scores = [scores[0]!, s];
        return json(s);
      }
      return undefined;
    });
    renderPage(<DutyPage />, { path: '/exams/duties/:id', route: `/exams/duties/${SITTING}` });
    // Only the candidates assigned to this evaluator.
    await waitFor(() => expect(screen.getAllByTestId('practical-candidate').map((c) => c.textContent)).toEqual(['12 · 周建华']));
    fireEvent.click(screen.getByTestId('practical-candidate'));
    const station = await screen.findByTestId('station-scoring');
    const [gauge, record] = within(station).getAllByTestId('station-check') as HTMLInputElement[];
    // What they scored before: the items filled in, the sum and the score shown, the records kept.
    expect([gauge!.value, record!.value]).toEqual(['50', '30']);
    expect(within(station).getByTestId('station-sum').textContent).toBe('80 / 100 分');
    expect(within(station).getByTestId('station-scored').textContent).toBe('已评 80 / 100 分');
    expect(within(station).getByDisplayValue('测厚记录表')).toBeTruthy();
    const reads = () => sent.filter((r) => r.method === 'GET' && r.path.endsWith('/stations')).length;
    const before = reads();
    fireEvent.change(gauge!, { target: { value: '55' } });
    fireEvent.change(record!, { target: { value: '40' } });
    await waitFor(() => expect(within(station).getByTestId('station-sum').textContent).toBe('95 / 100 分'));
    fireEvent.click(within(station).getByTestId('station-save'));
    await waitFor(() => expect(within(station).getByTestId('station-scored').textContent).toBe('已评 95 / 100 分'));
    expect(JSON.parse(sent.find((r) => r.method === 'PUT')!.body)).toEqual({ checks: [55, 40], records: [{ name: '测厚记录表', uri: 'archive://2026/12/ca001-1.pdf' }] });
    // The scores are read again after the save.
    await waitFor(() => expect(reads()).toBeGreaterThan(before));
  });
});
