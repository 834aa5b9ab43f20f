import { File as NodeFile } from 'node:buffer';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '../../../config/i18n';
import { EnrolmentImport } from './EnrolmentImport';

const CLASS = '0197a000-0000-7000-8000-000000000001';
const SHEET = '\uFEFF姓名,身份证号\r\n周建华,430103199107160316\r\n王五,430103199001010011\r\n';

function renderImport() {
  render(
    <QueryClientProvider client={new QueryClient()}>
      <AntApp>
        <EnrolmentImport classId={CLASS} />
      </AntApp>
    </QueryClientProvider>,
  );
}

/** Picks a CSV in the upload input (Node's File, which Node's fetch can send). */
function pick(text: string, name = '名单.csv', type = 'text/csv') {
  const input = screen.getByTestId('enrol-import').querySelector('input[type=file]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files: [new NodeFile([text], name, { type })] } });
}

describe('the enrolment sheet import', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the file raw with its type and mode, shows progress, then the rejected rows of an all-or-nothing import', async () => {
    let answer: (r: Response) => void = () => {};
    const sent: Request[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn((req: Request) => {
        sent.push(req);
        return new Promise<Response>((resolve) => (answer = resolve));
      }),
    );
    renderImport();
    pick(SHEET);

    const progress = await screen.findByTestId('enrol-import-progress');
    await within(progress).findByText('共 2 行');
    expect(progress.textContent).toContain('名单.csv');
    expect(sent).toHaveLength(1);
    const req = sent[0]!;
    const url = new URL(req.url);
    expect(req.method).toBe('POST');
    expect(url.pathname).toBe(`/api/v1/classes/${CLASS}/enrolment-imports`);
    expect(url.searchParams.get('mode')).toBe('all_or_nothing');
    expect(req.headers.get('Content-Type')).toBe('text/csv');
    // The bytes as picked, BOM included (text() would drop it).
    expect(Array.from(new Uint8Array(await req.clone().arrayBuffer()))).toEqual(Array.from(Buffer.from(SHEET, 'utf8')));

    answer(
      new Response(
        JSON.stringify({
          type: 'urn:seforce:problem:import-rejected',
          status: 422,
          detail: 'import rejected',
          rejected: [{ line: 3, field: '身份证号', reason: '无此人员,请先录入人员信息 / no such person: enter the person first' }],
        }),
        { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    const report = await screen.findByTestId('enrol-import-report');
    await waitFor(() => expect(screen.queryByTestId('enrol-import-progress')).toBeNull());
    const rows = within(report).getAllByTestId('import-row');
    expect(rows.map((r) => [r.getAttribute('data-line'), r.getAttribute('data-outcome')])).toEqual([
      ['2', 'held'],
      ['3', 'rejected'],
    ]);
    expect(rows[1]!.textContent).toContain('王五');
    expect(rows[1]!.textContent).toContain('430103********0011');
    expect(rows[1]!.textContent).toContain('无此人员,请先录入人员信息');
    expect(rows[1]!.textContent).not.toContain('430103199001010011');
    expect(rows[0]!.textContent).toContain('其他行有误,整批未导入');
    expect(screen.getByTestId('enrol-import-summary').textContent).toContain('1 行未通过,整批未导入');
  });

  it('in good-rows mode reports the enrolled rows and the rule of a refused one', async () => {
    const sent: Request[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (req: Request) => {
        sent.push(req);
        return new Response(
          JSON.stringify({
            enrolled: [{ id: 'e1', class_id: CLASS, person_id: 'p1', enterprise_id: null, status: 'submitted', version: 1, return_reason: null }],
            rejected: [{ line: 3, field: '', reason: 'CR-04: 该人员在黑名单中 / blacklisted' }],
          }),
          { status: 200, headers: { 'Content-Type': 'application/json' } },
        );
      }),
    );
    renderImport();
    fireEvent.click(screen.getByRole('radio', { name: '导入正确的行' }));
    pick(SHEET);
    const report = await screen.findByTestId('enrol-import-report');
    expect(new URL(sent[0]!.url).searchParams.get('mode')).toBe('good_rows');
    const rows = within(report).getAllByTestId('import-row');
    expect(rows.map((r) => r.getAttribute('data-outcome'))).toEqual(['enrolled', 'rejected']);
    expect(within(rows[1]!).getByTestId('import-rule').textContent).toBe('CR-04');
    expect(within(rows[1]!).getByTestId('import-reason').textContent).toBe('该人员在黑名单中');
    expect(screen.getByTestId('enrol-import-summary').textContent).toContain('已提交 1 人,1 行未通过');
  });

  it('refuses a file that is neither CSV nor XLSX without sending it', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    renderImport();
    pick('whatever', '名单.xls', 'application/vnd.ms-excel');
    await screen.findByText('只能导入 CSV 或 XLSX 文件');
    expect(fetch).not.toHaveBeenCalled();
  });
});
