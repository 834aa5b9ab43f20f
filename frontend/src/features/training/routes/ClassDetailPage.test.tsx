import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { USER_ID, json, meWith, renderPage, stubApi } from '../../../testing/render';
import { ClassDetailPage } from './ClassDetailPage';

const CLASS = '0197a000-0000-7000-8000-0000000000c9';
const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const ENT = '0197a000-0000-7000-8000-00000000e001';
const E1 = '0197a000-0000-7000-8000-0000000000f1';
const E2 = '0197a000-0000-7000-8000-0000000000f2';
const P1 = '0197a000-0000-7000-8000-0000000000d1';
const P3 = '0197a000-0000-7000-8000-0000000000d3';
const ROUTE = { path: '/training/classes/:id', route: `/training/classes/${CLASS}` };

function detail(startsInHours: number) {
  const starts = new Date(Date.now() + startsInHours * 3_600_000).toISOString();
  const ends = new Date(Date.now() + (startsInHours + 8) * 3_600_000).toISOString();
  return {
    class: { id: CLASS, association_id: ASSOC, course_id: 'c', name: '气瓶充装安全管理培训班', starts_at: starts, ends_at: ends, capacity: 30, seats_taken: 2, training_fee: 50000, exam_fee: 10000, status: 'planned', venue: '长沙' },
    course: { id: 'c', association_id: ASSOC, name: '气瓶充装', subject_kind: 'professional', topic: 'safety_technical_specifications', equipment_categories: [], delivery: 'face_to_face', theory_hours: 8, practical_hours: 0 },
    sessions: [],
    teachers: [],
    results: [],
    head_teacher_id: null,
    head_teacher_name: null,
    level: 'none',
  };
}

const row = (id: string, person_id: string, person_name: string, enterprise_id: string | null, status: string) => ({
  id,
  class_id: CLASS,
  class_name: '气瓶充装安全管理培训班',
  class_starts_at: '2027-01-01T01:00:00Z',
  enterprise_id,
  enterprise_name: enterprise_id ? '长沙新奥燃气有限公司' : null,
  person_id,
  person_name,
  status,
  paid_total: status === 'paid' ? 60000 : 0,
  refunded_total: 0,
  updated_at: '2026-12-01T00:00:00Z',
  version: 1,
});

function stub(roles: 'officer' | 'staff', startsInHours = 72) {
  let first = row(E1, P1, '周建华', ENT, 'approved');
  const me = roles === 'officer' ? meWith([{ id: ENT, name: '长沙新奥燃气有限公司', kind: 'enterprise', roles: ['enterprise_officer'] }]) : meWith([{ id: ASSOC, name: '协会', kind: 'association', roles: ['association_staff'] }]);
  const sent = stubApi((method, path, url, body) => {
    if (path === '/api/v1/me') return json(me);
    if (path === `/api/v1/classes/${CLASS}`) return json(detail(startsInHours));
    if (path === '/api/v1/enrolments') return json({ items: [first, row(E2, 'p2', '陈晓燕', null, 'paid')], next_cursor: null });
    if (path === `/api/v1/enrolments/${E1}/eligibility`)
      return json({
        enrolment_id: E1,
        eligible: false,
        reasons: [
          { rule: 'TR-17', detail: '无故缺课2次,取消考试资格', detail_en: '2 unexcused absences' },
          { rule: 'TR-09', detail: '未缴费,不能参加培训和考试', detail_en: 'the fee is not paid' },
        ],
      });
    if (path === `/api/v1/enrolments/${E2}/eligibility`) return json({ enrolment_id: E2, eligible: true, reasons: [] });
    if (path === '/api/v1/persons') {
      expect(url.searchParams.get('employer_id')).toBe(ENT);
      return json({ items: [{ id: P1, name: '周建华', national_id_masked: '430103********0316', employer_name: '长沙新奥燃气有限公司' }, { id: P3, name: '王刚', national_id_masked: '430103********0011', employer_name: '长沙新奥燃气有限公司' }], next_cursor: null });
    }
    if (method === 'POST' && path === `/api/v1/enrolments/${E1}/substitution`) {
      const b = JSON.parse(body) as { new_person_id: string };
      first = { ...row(E1, b.new_person_id, '王刚', ENT, 'approved'), version: 2 };
      return json({ id: E1, class_id: CLASS, person_id: b.new_person_id, status: 'approved', version: 2, enterprise_id: ENT });
    }
    return undefined;
  });
  return sent;
}

const trainee = (name: string) => screen.getAllByTestId('class-enrolment').find((r) => r.getAttribute('data-person') === name)!;

describe('the class page: eligibility and substitution', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows each trainee’s exam eligibility, with rule id and reason when refused', async () => {
    stub('staff');
    renderPage(<ClassDetailPage />, ROUTE);
    await waitFor(() => expect(within(trainee('陈晓燕')).getByTestId('eligibility').getAttribute('data-eligible')).toBe('true'));
    expect(within(trainee('陈晓燕')).getByTestId('eligibility').textContent).toBe('可参加考试');
    const refused = within(trainee('周建华')).getAllByTestId('eligibility-reason');
    expect(refused.map((r) => [r.getAttribute('data-rule'), r.textContent])).toEqual([
      ['TR-17', '无故缺课2次,取消考试资格TR-17'],
      ['TR-09', '未缴费,不能参加培训和考试TR-09'],
    ]);
    // Substitution is the enterprise officer's request, not the association's.
    expect(screen.queryByTestId('substitute')).toBeNull();
  });

  it('lets the enterprise officer replace their own trainee by another employee, with a reason', async () => {
    const sent = stub('officer');
    renderPage(<ClassDetailPage />, ROUTE);
    await waitFor(() => expect(screen.getAllByTestId('class-enrolment')).toHaveLength(2));
    // Only the enterprise's own trainee, not the individual enrolment.
    expect(screen.getAllByTestId('substitute')).toHaveLength(1);
    fireEvent.click(within(trainee('周建华')).getByTestId('substitute'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.mouseDown(within(within(dialog).getByTestId('substitution-person')).getByRole('combobox'));
    // The trainee being replaced is not offered.
    await screen.findByTitle('王刚 · 430103********0011 · 长沙新奥燃气有限公司');
    expect(screen.queryByTitle('周建华 · 430103********0316 · 长沙新奥燃气有限公司')).toBeNull();
    fireEvent.click(screen.getByTitle('王刚 · 430103********0011 · 长沙新奥燃气有限公司'));
    fireEvent.change(within(dialog).getByTestId('substitution-reason'), { target: { value: '原参培人调岗' } });
    fireEvent.click(screen.getByTestId('substitution-save'));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(JSON.parse(sent.find((r) => r.method === 'POST')!.body)).toEqual({ new_person_id: P3, reason: '原参培人调岗' });
    await waitFor(() => expect(screen.getAllByTestId('class-enrolment').map((r) => r.getAttribute('data-person'))).toEqual(['王刚', '陈晓燕']));
  });

  it('closes substitution less than a day before the class (TR-11)', async () => {
    stub('officer', 20);
    renderPage(<ClassDetailPage />, ROUTE);
    const button = await screen.findByTestId('substitute');
    expect((button as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('the class page on a phone', () => {
  const width = window.innerWidth;
  afterEach(() => {
    window.innerWidth = width;
    vi.unstubAllGlobals();
  });

  it('shows the head teacher the trainees as cards, with their eligibility', async () => {
    window.innerWidth = 375;
    stubApi((_method, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '协会', kind: 'association', roles: ['head_teacher'] }]));
      if (path === `/api/v1/classes/${CLASS}`) return json({ ...detail(72), head_teacher_id: USER_ID, head_teacher_name: '测试用户' });
      if (path === '/api/v1/enrolments') return json({ items: [row(E1, P1, '周建华', ENT, 'paid'), row(E2, 'p2', '陈晓燕', null, 'paid')], next_cursor: null });
      if (path === `/api/v1/enrolments/${E1}/eligibility`) return json({ enrolment_id: E1, eligible: true, reasons: [] });
      if (path === `/api/v1/enrolments/${E2}/eligibility`) return json({ enrolment_id: E2, eligible: false, reasons: [{ rule: 'TR-17', detail: '无故缺课2次,取消考试资格', detail_en: '2 unexcused absences' }] });
      return undefined;
    });
    renderPage(<ClassDetailPage />, ROUTE);
    await waitFor(() => expect(screen.getAllByTestId('class-enrolment')).toHaveLength(2));
    // Cards, not table rows (the class's own details are a bordered list that is a table).
    expect(screen.getAllByTestId('class-enrolment').every((c) => c.tagName !== 'TR')).toBe(true);
    const list = screen.getByTestId('card-list');
    expect(within(list).getAllByTestId('class-enrolment').map((c) => c.getAttribute('data-person'))).toEqual(['周建华', '陈晓燕']);
    await waitFor(() => expect(within(trainee('陈晓燕')).getByTestId('eligibility-reason').getAttribute('data-rule')).toBe('TR-17'));
    expect(within(trainee('周建华')).getByText('¥600.00')).toBeTruthy();
    expect(screen.getByTestId('to-attendance')).toBeTruthy();
  });
});
