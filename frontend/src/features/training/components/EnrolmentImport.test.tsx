import { File as NodeFile } from 'node:buffer';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import '../../../config/i18n';
import { setSession } from '../../../lib/session';
import { XLSX_TYPE } from '../../../lib/importFile';
import { captureDownloads } from '../../../testing/downloads';
import { stubApi } from '../../../testing/render';
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

/** Picks a file in the upload input (Node's File, which Node's fetch can send). */
function pick(text: string, name = '名单.csv', type = 'text/csv') {
  const input = screen.getByTestId('enrol-import').querySelector('input[type=file]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files: [new NodeFile([text], name, { type })] } });
}

describe('the enrolment sheet import', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setSession(null);
  });

  it('sends the file raw with its type and mode, shows progress, then the server’s report of an all-or-nothing 422', async () => {
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
          detail: '导入被拒绝',
          detail_en: 'import rejected',
          rejected: [
            { line: 3, field: '身份证号', reason: '无此人员,请先录入人员信息', reason_en: 'no such person: enter the person first', name: '王五', national_id: '430103********0011' },
            { line: 4, field: '', reason: '该人员在黑名单中', reason_en: 'blacklisted', rule: 'CR-04', name: '赵六', national_id: '430103********0027' },
          ],
        }),
        { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    const report = await screen.findByTestId('enrol-import-report');
    await waitFor(() => expect(screen.queryByTestId('enrol-import-progress')).toBeNull());
    const rows = within(report).getAllByTestId('import-row');
    // Only the server's rows: the report is read, not matched against the file.
    expect(rows.map((r) => r.getAttribute('data-line'))).toEqual(['3', '4']);
    expect(within(rows[0]!).getByTestId('import-name').textContent).toBe('王五');
    expect(within(rows[0]!).getByTestId('import-national-id').textContent).toBe('430103********0011');
    expect(within(rows[0]!).getByTestId('import-field').textContent).toBe('身份证号');
    expect(within(rows[0]!).getByTestId('message-text').textContent).toBe('无此人员,请先录入人员信息');
    expect(within(rows[0]!).queryByTestId('rule-ref')).toBeNull();
    expect(report.textContent).not.toContain('430103199001010011');
    // A rule: after the sentence, a link to its text.
    expect(within(rows[1]!).getByTestId('message-text').textContent).toBe('该人员在黑名单中');
    expect(within(rows[1]!).getByTestId('rule-ref').textContent).toBe('CR-04');
    expect(within(rows[1]!).getByTestId('rule-ref').getAttribute('href')).toBe('/public/rules#CR-04');
    expect(within(rows[1]!).queryByTestId('import-field')).toBeNull();
    expect(screen.getByTestId('enrol-import-summary').textContent).toContain('2 行未通过,整批未导入');
  });

  it('in good-rows mode reports how many were enrolled and the rows refused', async () => {
    const sent = stubApi((method, path) =>
      method === 'POST' && path === `/api/v1/classes/${CLASS}/enrolment-imports`
        ? new Response(
            JSON.stringify({
              enrolled: [{ id: 'e1', class_id: CLASS, person_id: 'p1', enterprise_id: null, status: 'submitted', version: 1, return_reason: null }],
              rejected: [{ line: 3, field: '', reason: '该人员在黑名单中', reason_en: 'blacklisted', rule: 'CR-04', name: '王五', national_id: '430103********0011' }],
            }),
            { status: 200, headers: { 'Content-Type': 'application/json' } },
          )
        : undefined,
    );
    renderImport();
    fireEvent.click(screen.getByRole('radio', { name: '导入正确的行' }));
    pick('PK', '名单.xlsx', '');
    const report = await screen.findByTestId('enrol-import-report');
    expect(sent[0]!.url.searchParams.get('mode')).toBe('good_rows');
    expect(sent[0]!.headers.get('Content-Type')).toBe(XLSX_TYPE);
    const rows = within(report).getAllByTestId('import-row');
    expect(rows.map((r) => r.getAttribute('data-line'))).toEqual(['3']);
    expect(within(rows[0]!).getByTestId('rule-ref').textContent).toBe('CR-04');
    expect(within(rows[0]!).getByTestId('import-name').textContent).toBe('王五');
    expect(screen.getByTestId('enrol-import-summary').textContent).toContain('已提交 1 人,1 行未通过');
  });

  it('downloads the server’s template through the API client, with the token, as 报名导入模板.xlsx', async () => {
    setSession({ accessToken: 'tok-officer', refreshToken: 'r' });
    const files = captureDownloads();
    try {
      const sent = stubApi((method, path) =>
        method === 'GET' && path === '/api/v1/enrolment-import-template' ? new Response(new Uint8Array([0x50, 0x4b, 5, 6]), { headers: { 'Content-Type': XLSX_TYPE } }) : undefined,
      );
      renderImport();
      fireEvent.click(screen.getByTestId('enrol-import-template'));
      await waitFor(() => expect(files.saved).toHaveLength(1));
      expect(sent.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/v1/enrolment-import-template']);
      expect(sent[0]!.headers.get('Authorization')).toBe('Bearer tok-officer');
      expect(files.saved[0]!.name).toBe('报名导入模板.xlsx');
      expect(Array.from(new Uint8Array(await files.saved[0]!.blob.arrayBuffer()))).toEqual([0x50, 0x4b, 5, 6]);
    } finally {
      files.restore();
    }
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
