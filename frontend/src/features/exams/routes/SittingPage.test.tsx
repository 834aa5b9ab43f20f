import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, renderPage, stubApi } from '../../../testing/render';
import type { Candidate, ExamResult, Paper, Sitting, StaffMember } from '../api/exams';
import { SittingPage } from './SittingPage';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const SITTING = '0197a000-0000-7000-8000-0000000051a1';
const CLASS = '0197a000-0000-7000-8000-00000000c1a5';
const PAPER = '0197a000-0000-7000-8000-00000000aa01';
const EVALUATOR = '0197a000-0000-7000-8000-0000000e0001';
const LAPSED = '0197a000-0000-7000-8000-0000000e0002';

function sitting(over: Partial<Sitting> = {}): Sitting {
  return {
    id: SITTING,
    association_id: ASSOC,
    class_id: CLASS,
    course_id: '0197a000-0000-7000-8000-00000000c0c0',
    paper_id: PAPER,
    title: '2026年12月理论考试',
    opens_at: '2026-12-07T01:00:00Z',
    closes_at: '2026-12-07T05:00:00Z',
    place: null,
    status: 'planned',
    duration_minutes: 90,
    pass_mark: 60,
    candidates: 0,
    version: 1,
    ...over,
  };
}

const paper: Partial<Paper> = { id: PAPER, title: '电梯安全管理理论考试', double_marking: false, skill_level: false, stations: [], items: [], blueprint: [] };

function candidate(i: number, over: Partial<Candidate> = {}): Candidate {
  return {
    id: `0197a000-0000-7000-8000-0000000ca${String(i).padStart(3, '0')}`,
    sitting_id: SITTING,
    enrolment_id: `0197a000-0000-7000-8000-0000000e${String(i).padStart(4, '0')}`,
    person_id: `0197a000-0000-7000-8000-0000000f${String(i).padStart(4, '0')}`,
    name: `学员${i}`,
    national_id_masked: '430104********0013',
    attempt_no: 1,
    fee_due: false,
    fee_paid: false,
    seat: null,
    evaluator_id: null,
    second_evaluator_id: null,
    third_evaluator_id: null,
    signed_in_at: null,
    ...over,
  };
}

const me = () => json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['exam_officer'] }], { grants: ['manage_exam_banks', 'run_exam_sittings', 'read_persons'] }));

/** The sitting's reads every tab makes; `more` answers the rest. */
function stubSitting(state: { sitting: Sitting; candidates: Candidate[]; staff: StaffMember[]; results?: ExamResult[] }, more: (method: string, path: string, body: string) => Response | undefined) {
  return stubApi((method, path, _url, body) => {
    if (path === '/api/v1/me') return me();
    if (path === `/api/v1/exam-sittings/${SITTING}` && method === 'GET') return json(state.sitting);
    if (path === `/api/v1/classes/${CLASS}`) return json({ class: { id: CLASS, name: '电梯安全管理员培训班' }, sessions: [], results: [], teachers: [] });
    if (path === `/api/v1/exam-papers/${PAPER}`) return json(paper);
    if (path === `/api/v1/exam-sittings/${SITTING}/candidates` && method === 'GET') return json({ items: state.candidates, next_cursor: null });
    if (path === `/api/v1/exam-sittings/${SITTING}/staff` && method === 'GET') return json({ items: state.staff, next_cursor: null });
    if (path === `/api/v1/exam-sittings/${SITTING}/results` && method === 'GET') return json({ items: state.results ?? [], next_cursor: null });
    return more(method, path, body);
  });
}

describe('a sitting as the exam side runs it', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('registers the whole class, shows each trainee left out with the reason and its rule, and sets a candidate’s evaluator', async () => {
    const state = { sitting: sitting(), candidates: [] as Candidate[], staff: [{ id: 's1', sitting_id: SITTING, person_id: EVALUATOR, name: '郑伟', duty: 'evaluator', assigned_at: '2026-12-01T02:00:00Z' }] as StaffMember[] };
    const sent = stubSitting(state, (method, path, body) => {
      if (method === 'POST' && path === `/api/v1/exam-sittings/${SITTING}/roster`) {
        state.candidates = [candidate(1)];
        return json({
          registered: state.candidates,
          left_out: [{ enrolment_id: 'e2', person_id: 'p2', name: '欠费学员', reasons: [{ rule: 'TR-09', detail: '未缴费', detail_en: 'not paid' }] }],
        });
      }
      if (method === 'POST' && path === `/api/v1/exam-candidates/${candidate(1).id}/evaluators`) {
        const b = JSON.parse(body) as { person_id: string };
        state.candidates = [candidate(1, { evaluator_id: b.person_id })];
        return json(state.candidates[0]);
      }
      return undefined;
    });
    renderPage(<SittingPage />, { path: '/exams/sittings/:id', route: `/exams/sittings/${SITTING}` });
    fireEvent.click(await screen.findByTestId('roster-register'));
    const out = await screen.findByTestId('left-out');
    expect(out.getAttribute('data-name')).toBe('欠费学员');
    const reason = within(out).getByTestId('left-out-reason');
    expect(reason.getAttribute('data-rule')).toBe('TR-09');
    expect(within(reason).getByTestId('message-text').textContent).toBe('未缴费');
    expect(within(reason).getByTestId('rule-ref').getAttribute('href')).toBe('/public/rules#TR-09');
    expect(screen.getByTestId('roster-report').textContent).toContain('本次报名 1 人,1 人未能报名');

    const row = await screen.findByTestId('candidate');
    fireEvent.mouseDown(within(within(row).getByTestId('evaluator-first')).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('郑伟')).at(-1)!);
    await waitFor(() => expect(sent.some((r) => r.path.endsWith('/evaluators'))).toBe(true));
    expect(JSON.parse(sent.find((r) => r.path.endsWith('/evaluators'))!.body)).toEqual({ person_id: EVALUATOR, slot: 'first' });
  });

  it('keeps a refused assignment on screen with the rule behind it (EX-08) and lists the staff assigned', async () => {
    const state = { sitting: sitting(), candidates: [candidate(1)], staff: [] as StaffMember[] };
    const sent = stubSitting(state, (method, path, body) => {
      if (path === '/api/v1/persons') return json({ items: [{ id: LAPSED, name: '王考评', national_id_masked: '430103********0316', employer_name: '计量测试职业能力评价长沙分中心' }, { id: EVALUATOR, name: '郑伟', national_id_masked: '430103********0412', employer_name: '计量测试职业能力评价长沙分中心' }], next_cursor: null });
      if (method === 'POST' && path === `/api/v1/exam-sittings/${SITTING}/staff`) {
        const b = JSON.parse(body) as { person_id: string; duty: 'evaluator' };
        if (b.person_id === LAPSED) {
          return json({ status: 422, code: 'rule_violation', rule: 'EX-08', detail: '考评人员须持有考试当日有效的考评员证书并签署承诺书:无考试当日有效的考评员证书', detail_en: 'an evaluator holds an evaluator certificate valid on the exam day and a signed commitment letter: no evaluator certificate valid on the exam day' }, 422);
        }
        const m: StaffMember = { id: 's2', sitting_id: SITTING, person_id: b.person_id, name: '郑伟', duty: b.duty, assigned_at: '2026-12-01T02:00:00Z' };
        state.staff = [m];
        return json(m, 201);
      }
      if (method === 'DELETE' && path === '/api/v1/exam-staff/s2') {
        state.staff = [];
        return new Response(null, { status: 204 });
      }
      return undefined;
    });
    renderPage(<SittingPage />, { path: '/exams/sittings/:id', route: `/exams/sittings/${SITTING}` });
    fireEvent.click(await screen.findByTestId('tab-staff'));
    const pick = async (name: string) => {
      const box = within(await screen.findByTestId('staff-person')).getByRole('combobox');
      fireEvent.mouseDown(box);
      fireEvent.change(box, { target: { value: name.slice(0, 1) } });
      fireEvent.click((await screen.findAllByTitle(new RegExp(`^${name} · `))).at(-1)!);
    };
    fireEvent.mouseDown(within(screen.getByTestId('staff-duty')).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('考评')).at(-1)!);
    await pick('王考评');
    fireEvent.click(screen.getByTestId('staff-assign'));
    const refusal = await screen.findByTestId('staff-refusal');
    expect(refusal.textContent).toContain('不能安排 王考评 担任考评');
    expect(within(refusal).getByTestId('message-text').textContent).toBe('考评人员须持有考试当日有效的考评员证书并签署承诺书:无考试当日有效的考评员证书');
    expect(within(refusal).getByTestId('rule-ref').textContent).toBe('EX-08');

    await pick('郑伟');
    fireEvent.click(screen.getByTestId('staff-assign'));
    const member = await screen.findByTestId('staff-member');
    expect(member.getAttribute('data-duty')).toBe('evaluator');
    expect(sent.filter((r) => r.method === 'POST' && r.path.endsWith('/staff'))).toHaveLength(2);
    // The refusal stays readable after the next assignment.
    expect(screen.getByTestId('staff-refusal')).toBeTruthy();

    // Taken off again (before the results), after a confirmation.
    fireEvent.click(within(member).getByTestId('staff-remove'));
    fireEvent.click(await screen.findByRole('button', { name: '是' }));
    await waitFor(() => expect(screen.queryByTestId('staff-member')).toBeNull());
    expect(sent.some((r) => r.method === 'DELETE' && r.path === '/api/v1/exam-staff/s2')).toBe(true);
  });

  it('shows published results with their outcome and the retake list with the fee each retake needs (EX-02)', async () => {
    const result = (name: string, outcome: ExamResult['outcome'], attempt_no: number, theory: number): ExamResult => ({
      id: `r-${name}`,
      sitting_id: SITTING,
      candidate_id: `c-${name}`,
      enrolment_id: `e-${name}`,
      person_id: `p-${name}`,
      name,
      national_id_masked: '430104********0013',
      course_id: 'course',
      theory_score: theory,
      practical_score: null,
      outcome,
      attempt_no,
      published_at: '2026-12-08T02:00:00Z',
    });
    const state = { sitting: sitting({ status: 'results_published' }), candidates: [], staff: [], results: [result('合格者', 'passed', 1, 80), result('首考未过', 'failed', 1, 40), result('补考未过', 'failed', 2, 50)] };
    stubSitting(state, () => undefined);
    renderPage(<SittingPage />, { path: '/exams/sittings/:id', route: `/exams/sittings/${SITTING}` });
    fireEvent.click(await screen.findByTestId('tab-results'));
    await waitFor(() => expect(screen.getAllByTestId('result')).toHaveLength(3));
    expect(screen.getAllByTestId('result').map((r) => within(r).getByTestId('outcome').getAttribute('data-outcome'))).toEqual(['passed', 'failed', 'failed']);
    const retakes = screen.getAllByTestId('retake');
    expect(retakes.map((r) => [r.getAttribute('data-name'), within(r).getByTestId('retake-fee-due').textContent])).toEqual([
      ['首考未过', '免费补考'],
      ['补考未过', '须重新缴纳考试费'],
    ]);
    expect(screen.getByTestId('score-sheet')).toBeTruthy();
    expect(screen.queryByTestId('results-publish')).toBeNull();
  });
});
