import { File as NodeFile } from 'node:buffer';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '../../../config/i18n';
import { PersonImport } from './PersonImport';

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

function pick(text: string, name = '人员.csv') {
  const input = screen.getByTestId('person-import').querySelector('input[type=file]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files: [new NodeFile([text], name, { type: 'text/csv' })] } });
}

describe('the persons import', () => {
  afterEach(() => vi.unstubAllGlobals());

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
        report: { imported: 0, rejected: [{ line: 99999, field: '性别', reason: '应为 男 或 女 / must be 男 or 女' }] },
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
    expect(report.textContent).toContain('有 1 行未通过校验,整批未导入');
    const rows = within(report).getAllByTestId('person-import-row');
    expect(rows.map((r) => r.getAttribute('data-line'))).toEqual(['99999']);
    expect(rows[0]!.textContent).toContain('性别');
    expect(onDone).not.toHaveBeenCalled();
    // The job is not asked again once it has ended.
    const polls = sent.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(sent.length).toBe(polls);
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
