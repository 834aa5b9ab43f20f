// The organizations list with the parts every clerk's list has: the query form sends its
// filters to the server, the page size is the request's limit and the total is told, the
// columns can be hidden, and the export reads every page of the filter into one CSV file.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, meWith, renderPage, stubApi } from '../../../testing/render';
import { OrganizationsPage } from './OrganizationsPage';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';

const org = (n: number) => ({
  id: `0197a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
  kind: 'enterprise',
  name: `长沙第${n}燃气有限公司`,
  credit_code: `91430100MA4L${String(n).padStart(6, '0')}`,
  region_code: '430100',
  region_name: '长沙市',
  status: 'active',
  version: 1,
  created_at: '2026-01-05T02:00:00Z',
});

describe('the organizations list', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    localStorage.clear();
  });

  it('filters on the server, tells the total, changes the page size, and exports every filtered page', async () => {
    const all = Array.from({ length: 3 }, (_, i) => org(i + 1));
    const sent = stubApi((_m, path, url) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_admin'] }]));
      if (path === '/api/v1/regions') return json({ items: [], next_cursor: null });
      if (path === '/api/v1/organizations') {
        const limit = Number(url.searchParams.get('limit'));
        // Pages of two for the export (limit 200), to show it follows the cursor.
        if (limit === 200) {
          const second = url.searchParams.get('cursor') === 'p2';
          return json({ items: second ? all.slice(2) : all.slice(0, 2), next_cursor: second ? null : 'p2' });
        }
        return json({ items: all.slice(0, limit), next_cursor: null, total: 3 });
      }
      return undefined;
    });
    const saved: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => (saved.push(b), 'blob:x'), revokeObjectURL: () => undefined }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      renderPage(<OrganizationsPage />);
      await screen.findByText('长沙第1燃气有限公司');
      expect(screen.getByTestId('page-summary').textContent).toBe('第 1–3 条,共 3 条');

      fireEvent.change(screen.getByTestId('orgs-filter'), { target: { value: ' 燃气 ' } });
      fireEvent.click(screen.getByTestId('filter-submit'));
      await waitFor(() => expect(sent.some((s) => s.url.searchParams.get('q') === '燃气')).toBe(true));

      fireEvent.mouseDown(within(screen.getByTestId('page-size')).getByRole('combobox'));
      fireEvent.click(await screen.findByTitle('50 条/页'));
      await waitFor(() => expect(sent.some((s) => s.path === '/api/v1/organizations' && s.url.searchParams.get('limit') === '50')).toBe(true));

      fireEvent.click(screen.getByTestId('orgs-export'));
      await waitFor(() => expect(saved).toHaveLength(1));
      const text = new TextDecoder().decode(new Uint8Array(await saved[0]!.arrayBuffer()).slice(3));
      const lines = text.trim().split('\r\n');
      expect(lines[0]).toBe('单位名称,单位类型,统一社会信用代码,行政区划,状态,时间');
      expect(lines).toHaveLength(4);
      expect(lines[3]).toContain('长沙第3燃气有限公司,企业');
      const exported = sent.filter((s) => s.path === '/api/v1/organizations' && s.url.searchParams.get('limit') === '200');
      expect(exported.map((s) => s.url.searchParams.get('q'))).toEqual(['燃气', '燃气']);
    } finally {
      click.mockRestore();
    }
  });
});
