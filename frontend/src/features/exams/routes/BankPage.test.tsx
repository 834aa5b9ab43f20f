import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, renderPage, stubApi } from '../../../testing/render';
import type { Bank, Question } from '../api/exams';
import { BanksPage } from './BanksPage';
import { BankPage } from './BankPage';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const BANK = '0197a000-0000-7000-8000-0000000b0001';

function bank(i: number, over: Partial<Bank> = {}): Bank {
  return { id: `0197a000-0000-7000-8000-0000000b${String(i).padStart(4, '0')}`, owner_id: ASSOC, name: `题库${i}`, topic: '法规', equipment_category: 'elevator', level: '中级', created_at: '2026-11-01T02:00:00Z', version: 1, ...over };
}

function question(i: number, over: Partial<Question> = {}): Question {
  return {
    id: `0197a000-0000-7000-8000-0000000c${String(i).padStart(4, '0')}`,
    bank_id: BANK,
    version: 1,
    version_id: `0197a000-0000-7000-8000-0000000d${String(i).padStart(4, '0')}`,
    kind: 'true_false',
    stem: `判断题${i}`,
    options: [],
    key: { kind: 'true_false', value: true },
    points: 10,
    topic: '法规',
    difficulty: 2,
    retired: false,
    ...over,
  };
}

const officer = () => json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['exam_officer'] }], { grants: ['manage_exam_banks', 'run_exam_sittings'] }));

describe('the question banks (EX-09)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists the banks with their total and creates one for the caller’s exam body, then opens it', async () => {
    const sent = stubApi((method, path, url, body) => {
      if (path === '/api/v1/me') return officer();
      if (path === '/api/v1/exam-banks' && method === 'GET') {
        expect(url.searchParams.get('with_total')).toBe('true');
        return json({ items: [bank(1), bank(2, { equipment_category: null, level: null })], next_cursor: null, total: 2 });
      }
      if (path === '/api/v1/exam-banks' && method === 'POST') return json(bank(3, { ...(JSON.parse(body) as object) }), 201);
      return undefined;
    });
    renderPage(<BanksPage />, { path: '/exams/banks' , route: '/exams/banks' });
    await waitFor(() => expect(screen.getAllByTestId('bank-row')).toHaveLength(2));
    expect(screen.getByTestId('page-summary').textContent).toBe('第 1–2 条,共 2 条');
    expect(within(screen.getAllByTestId('bank-row')[0]!).getByText('电梯')).toBeTruthy();

    fireEvent.click(screen.getByTestId('bank-new'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(screen.getByTestId('bank-save'));
    expect(await within(dialog).findByText('请填写题库名称')).toBeTruthy();
    fireEvent.change(within(dialog).getByTestId('bank-name'), { target: { value: '电梯安全管理理论题库' } });
    fireEvent.change(within(dialog).getByTestId('bank-topic'), { target: { value: '法律法规' } });
    fireEvent.click(screen.getByTestId('bank-save'));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(JSON.parse(sent.find((r) => r.method === 'POST')!.body)).toEqual({ owner_id: ASSOC, name: '电梯安全管理理论题库', topic: '法律法规', level: null, equipment_category: null });
    // The new bank opens on its own page.
    await screen.findByTestId('elsewhere');
  });

  it('shows a bank’s questions with their keys, adds a true/false question and revises one with If-Match', async () => {
    let questions = [question(1), question(2, { kind: 'single_choice', stem: '特种设备安全法自何年起施行?', options: ['2013年', '2014年', '2015年'], key: { kind: 'single_choice', choice: 1 } })];
    const sent = stubApi((method, path, _url, body) => {
      if (path === '/api/v1/me') return officer();
      if (path === `/api/v1/exam-banks/${BANK}`) return json(bank(1, { id: BANK, name: '电梯安全管理理论题库' }));
      if (path === `/api/v1/exam-banks/${BANK}/questions` && method === 'GET') return json({ items: questions, next_cursor: null, total: questions.length });
      if (path === `/api/v1/exam-banks/${BANK}/questions` && method === 'POST') {
        const q = question(3, { ...(JSON.parse(body) as object) });
        questions = [...questions, q];
        return json(q, 201);
      }
      if (path === `/api/v1/exam-questions/${questions[0]!.id}` && method === 'PUT') return json(question(1, { ...(JSON.parse(body) as object), version: 2 }));
      return undefined;
    });
    renderPage(<BankPage />, { path: '/exams/banks/:id', route: `/exams/banks/${BANK}` });
    await waitFor(() => expect(screen.getAllByTestId('question-row')).toHaveLength(2));
    expect(screen.getAllByTestId('question-key').map((k) => k.textContent)).toEqual(['对', 'B']);
    expect(screen.getByText('B. 2014年')).toBeTruthy();

    // A new true/false question whose answer is "false".
    fireEvent.click(screen.getByTestId('question-new'));
    const drawer = await screen.findByTestId('question-form');
    fireEvent.mouseDown(within(drawer).getByTestId('question-kind').querySelector('input') ?? within(drawer).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('判断')).at(-1)!);
    fireEvent.change(within(drawer).getByTestId('question-stem'), { target: { value: '  电梯困人时应先断电。 ' } });
    fireEvent.click(await within(drawer).findByText('错'));
    fireEvent.click(screen.getByTestId('question-save'));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(JSON.parse(sent.find((r) => r.method === 'POST')!.body)).toEqual({
      stem: '电梯困人时应先断电。',
      options: [],
      points: 2,
      topic: '法规',
      difficulty: 2,
      key: { kind: 'true_false', value: false },
    });
    await screen.findByText('已新增试题');

    // Revising sends the version read and is answered with the next.
    await waitFor(() => expect(screen.getAllByTestId('question-row')).toHaveLength(3));
    fireEvent.click(screen.getAllByTestId('question-edit')[0]!);
    const form = await screen.findByTestId('question-form');
    await waitFor(() => expect((within(form).getByTestId('question-stem') as HTMLTextAreaElement).value).toBe('判断题1'));
    fireEvent.change(within(form).getByTestId('question-stem'), { target: { value: '电梯应当至少每15日进行一次清洁、润滑、调整和检查。' } });
    fireEvent.click(screen.getByTestId('question-save'));
    await waitFor(() => expect(sent.some((r) => r.method === 'PUT')).toBe(true));
    const put = sent.find((r) => r.method === 'PUT')!;
    expect(put.headers.get('If-Match')).toBe('"1"');
    expect(JSON.parse(put.body)).toMatchObject({ stem: '电梯应当至少每15日进行一次清洁、润滑、调整和检查。', key: { kind: 'true_false', value: true } });
    await screen.findByText('已保存为第 2 版');
  });

  it('imports a sheet all or nothing and shows every refused row with its line, column and reason', async () => {
    const sent = stubApi((method, path) => {
      if (path === '/api/v1/me') return officer();
      if (path === `/api/v1/exam-banks/${BANK}`) return json(bank(1, { id: BANK }));
      if (path === `/api/v1/exam-banks/${BANK}/questions`) return json({ items: [], next_cursor: null, total: 0 });
      if (path === `/api/v1/exam-banks/${BANK}/question-imports` && method === 'POST') {
        return json(
          {
            status: 422,
            code: 'import_rejected',
            detail: '有 1 行有误,未导入',
            detail_en: '1 row is wrong: nothing imported',
            rejected: [{ line: 4, field: '选项', reason: '选择题须有2–8个选项', reason_en: 'a choice question has 2–8 options', name: null, national_id: null, rule: null }],
          },
          422,
        );
      }
      return undefined;
    });
    renderPage(<BankPage />, { path: '/exams/banks/:id', route: `/exams/banks/${BANK}` });
    fireEvent.click(await screen.findByTestId('question-import-open'));
    const dialog = await screen.findByTestId('question-import');
    expect(within(dialog).getByTestId('question-import-columns').textContent).toBe('题型题干选项答案分值知识点难度');
    const input = dialog.querySelector<HTMLInputElement>('input[type=file]');
    if (!input) throw new Error('no file input');
    const csv = new File(['题型,题干,选项,答案,分值,知识点,难度\n单选,选项不足的题,甲,A,2,法规,1\n'], 'questions.csv', { type: 'text/csv' });
    fireEvent.change(input, { target: { files: [csv] } });
    expect((await within(dialog).findByTestId('question-import-summary')).textContent).toBe('有 1 行有误,本次未导入任何试题');
    const row = within(dialog).getByTestId('import-row');
    expect(row.getAttribute('data-line')).toBe('4');
    expect(within(row).getByTestId('import-reason').textContent).toBe('选择题须有2–8个选项');
    const post = sent.find((r) => r.method === 'POST')!;
    expect(post.url.searchParams.get('mode')).toBe('all_or_nothing');
    expect(post.headers.get('Content-Type')).toBe('text/csv');
  });
});
