import { File as NodeFile } from 'node:buffer';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import i18n from '../../../config/i18n';
import { setSession } from '../../../lib/session';
import { XLSX_TYPE } from '../../../lib/importFile';
import { captureDownloads } from '../../../testing/downloads';
import { stubApi } from '../../../testing/render';
import { PERSON_IMPORT_COLUMNS, PersonImport } from './PersonImport';

const JOB = '0197a000-0000-7000-8000-0000000000aa';
const SHEET = '姓名,性别,出生日期,身份证号,工作单位统一社会信用代码\n张三,男,1980-01-02,430104198001020011,X\n';

function job(over: Record<string, unknown>) {
  return {
    id: JOB,
    kind: 'persons.import',
    state: 'queued',
    rows_checked: 0,
    rows_written: 0,
    attempts: 0,
    submitted_at: '2026-11-22T10:00:00Z',
    started_at: null,
    finished_at: null,
    report: null,
    error: null,
    ...over,
  };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

function renderImport(onDone = vi.fn()) {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <AntApp>
        <PersonImport open onClose={() => {}} onDone={onDone} pollMs={5} />
      </AntApp>
    </QueryClientProvider>,
  );
  return onDone;
}

function pick(text: string, name = '人员.csv', type = 'text/csv') {
  const input = screen.getByTestId('person-import').querySelector('input[type=file]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files: [new NodeFile([text], name, { type })] } });
}

describe('the persons import', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSession(null);
  });

  it('lists the template columns, required and optional, before any download', () => {
    vi.stubGlobal('fetch', vi.fn());
    renderImport();
    const columns = within(screen.getByTestId('person-import-columns')).getAllByTestId('person-import-column');
    const required = columns.filter((c) => c.getAttribute('data-required') === 'true').map((c) => c.textContent);
    const optional = columns.filter((c) => c.getAttribute('data-required') === 'false').map((c) => c.textContent);
    expect(required).toEqual(['姓名', '性别', '出生日期', '身份证号', '工作单位统一社会信用代码']);
    expect(optional).toEqual(['学历', '毕业院校', '学历证书编号', '职称', '职称级别', '岗位', '任职日期', '社保状态']);
    expect(PERSON_IMPORT_COLUMNS).toHaveLength(13);
  });

  it('downloads the server’s template through the API client, with the token, as 人员导入模板.xlsx', async () => {
    setSession({ accessToken: 'tok-persons', refreshToken: 'r' });
    const files = captureDownloads();
    try {
      const sent = stubApi((method, path) =>
        method === 'GET' && path === '/api/v1/persons/import-template' ? new Response(new Uint8Array([0x50, 0x4b, 3, 4]), { headers: { 'Content-Type': XLSX_TYPE } }) : undefined,
      );
      renderImport();
      fireEvent.click(screen.getByTestId('person-import-template'));
      await waitFor(() => expect(files.saved).toHaveLength(1));
      expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/persons/import-template']);
      expect(sent[0]!.headers.get('Authorization')).toBe('Bearer tok-persons');
      expect(files.saved[0]!.name).toBe('人员导入模板.xlsx');
      expect(Array.from(new Uint8Array(await files.saved[0]!.blob.arrayBuffer()))).toEqual([0x50, 0x4b, 3, 4]);
    } finally {
      files.restore();
    }
  });

  it('sends an XLSX as XLSX and refuses a file that is neither without sending it', async () => {
    const sent = stubApi((method) => (method === 'POST' ? json(job({}), 202) : json(job({ state: 'succeeded', report: { imported: 0, rejected: [] } }))));
    renderImport();
    pick('whatever', '人员.xls', 'application/vnd.ms-excel');
    await screen.findByText('只能导入 CSV 或 XLSX 文件');
    expect(sent).toHaveLength(0);
    pick('PK', '人员.xlsx', '');
    await screen.findByTestId('person-import-report');
    expect(sent[0]!.headers.get('Content-Type')).toBe(XLSX_TYPE);
  });

  it('uploads the file, follows the job with rows checked and written, then shows the rejected rows', async () => {
    const sent: Request[] = [];
    // The job as the server answers it, poll after poll.
    const answers = [
      job({ state: 'running', rows_checked: 60000, rows_written: 0, attempts: 1 }),
      job({ state: 'running', rows_checked: 100000, rows_written: 0, attempts: 1 }),
      job({
        state: 'failed',
        rows_checked: 100000,
        attempts: 1,
        report: {
          imported: 0,
          rejected: [
            { line: 99999, field: '性别', reason: '应为 男 或 女', reason_en: 'must be 男 or 女', name: '张三', national_id: '430104********0011' },
            { line: 100000, field: '身份证号', reason: '该人员在黑名单中,5年内不受理', reason_en: 'blacklisted for five years', rule: 'CR-04', name: '李四', national_id: '430104********0027' },
          ],
        },
        error: { code: 'import-rejected', detail: '1 rows were rejected; nothing was imported' },
      }),
    ];
    let release: () => void = () => {};
    const hold = new Promise<void>((r) => (release = r));
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        sent.push(req);
        if (req.method === 'POST') return json(job({}), 202, { Location: `/api/v1/jobs/${JOB}` });
        if (answers.length === 1) await hold;
        return json(answers.length > 1 ? answers.shift() : answers[0]);
      }),
    );
    const onDone = renderImport();
    pick(SHEET);

    const progress = await screen.findByTestId('person-import-progress');
    await within(progress).findByText(/已检查 100000 行,已写入 0 行/);
    const post = sent[0]!;
    expect(post.method).toBe('POST');
    expect(new URL(post.url).pathname).toBe('/api/v1/persons/imports');
    expect(new URL(post.url).searchParams.get('mode')).toBe('all_or_nothing');
    expect(post.headers.get('Content-Type')).toBe('text/csv');
    expect(new URL(sent[1]!.url).pathname).toBe(`/api/v1/jobs/${JOB}`);

    release();
    const report = await screen.findByTestId('person-import-report');
    await waitFor(() => expect(screen.queryByTestId('person-import-progress')).toBeNull());
    expect(report.textContent).toContain('有 2 行未通过校验,整批未导入');
    const rows = within(report).getAllByTestId('import-row');
    expect(rows.map((r) => r.getAttribute('data-line'))).toEqual(['99999', '100000']);
    // Each line names its person as the server reports it, the ID number masked.
    expect(within(rows[0]!).getByTestId('import-name').textContent).toBe('张三');
    expect(within(rows[0]!).getByTestId('import-national-id').textContent).toBe('430104********0011');
    expect(within(rows[0]!).getByTestId('import-field').textContent).toBe('性别');
    expect(within(rows[0]!).getByTestId('message-text').textContent).toBe('应为 男 或 女');
    expect(within(rows[0]!).queryByTestId('rule-ref')).toBeNull();
    // The rule after the sentence, a link to its text, never inside it.
    expect(within(rows[1]!).getByTestId('import-name').textContent).toBe('李四');
    expect(within(rows[1]!).getByTestId('message-text').textContent).toBe('该人员在黑名单中,5年内不受理');
    const rule = within(rows[1]!).getByTestId('rule-ref');
    expect(rule.textContent).toBe('CR-04');
    expect(rule.getAttribute('href')).toBe('/public/rules#CR-04');
    expect(onDone).not.toHaveBeenCalled();
  });

  it('tells the list once when the job succeeded', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) =>
        req.method === 'POST'
          ? json(job({}), 202)
          : json(job({ state: 'succeeded', rows_checked: 1, rows_written: 1, attempts: 1, report: { imported: 1, rejected: [] } })),
      ),
    );
    const onDone = renderImport();
    pick(SHEET);
    const report = await screen.findByTestId('person-import-report');
    expect(report.textContent).toContain('已导入 1 人');
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
  });

  it('in English: the columns with their English names, the reasons in English, the rule after them', async () => {
    await i18n.changeLanguage('en');
    try {
      vi.stubGlobal(
        'fetch',
        vi.fn(async (req: Request) =>
          req.method === 'POST'
            ? json(job({}), 202)
            : json(
                job({
                  state: 'succeeded',
                  rows_checked: 2,
                  rows_written: 1,
                  attempts: 1,
                  report: { imported: 1, rejected: [{ line: 3, field: '出生日期', reason: '日期格式应为 YYYY-MM-DD', reason_en: 'a date must be YYYY-MM-DD', rule: 'PD-02', name: '王五', national_id: '430104********0011' }] },
                }),
              ),
        ),
      );
      renderImport();
      const required = within(screen.getByTestId('person-import-columns')).getAllByTestId('person-import-column')[0]!;
      expect(required.textContent).toBe('姓名 (Name)');
      pick(SHEET);
      const report = await screen.findByTestId('person-import-report');
      expect(report.textContent).toContain('1 people imported, 1 rows failed validation');
      const row = within(report).getByTestId('import-row');
      expect(within(row).getByTestId('message-text').textContent).toBe('a date must be YYYY-MM-DD');
      expect(within(row).getByTestId('rule-ref').textContent).toBe('PD-02');
      expect(within(row).getByTestId('import-national-id').textContent).toBe('430104********0011');
    } finally {
      await i18n.changeLanguage('zh-CN');
    }
  });

  it('shows why a job failed without a report', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) =>
        req.method === 'POST'
          ? json(job({}), 202)
          : json(job({ state: 'failed', attempts: 1, error: { code: 'unsupported-file', detail: 'missing columns: 性别' } })),
      ),
    );
    renderImport();
    pick(SHEET);
    const report = await screen.findByTestId('person-import-report');
    expect(report.textContent).toContain('导入失败:missing columns: 性别');
  });
});
