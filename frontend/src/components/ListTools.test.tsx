// The export of a filtered list: the columns shown, in their order, titles as the header; a
// cell's text from its `csv` or its data; quoting where CSV needs it; formulas kept as text.
import { fireEvent, render, screen } from '@testing-library/react';
import { csvField, ExportCsvButton, toCsv } from './ListTools';
import type { KeyedColumn } from './ColumnSettings';
import '../config/i18n';

interface Row {
  name: string;
  fee: number;
  org: { name: string };
}

const columns: KeyedColumn<Row>[] = [
  { key: 'name', title: '姓名', dataIndex: 'name' },
  { key: 'org', title: '单位', dataIndex: ['org', 'name'] },
  { key: 'fee', title: '费用', dataIndex: 'fee', csv: (r) => `¥${(r.fee / 100).toFixed(2)}` },
];

describe('the CSV export', () => {
  it('writes the header and one line per row, with the text each column gives', () => {
    expect(toCsv(columns, [{ name: '张三', fee: 50000, org: { name: '长沙新奥燃气有限公司' } }])).toBe('姓名,单位,费用\r\n张三,长沙新奥燃气有限公司,¥500.00\r\n');
  });

  it('quotes commas, quotes and line breaks, and keeps formulas as text', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('说"明"')).toBe('"说""明"""');
    expect(csvField('一\n二')).toBe('"一\n二"');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('普通')).toBe('普通');
  });

  it('saves the rows as a file named by the list and the Beijing day, and is off when nothing is filtered', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-10T17:00:00Z')); // 01:00 on 11 March in Beijing
    const saved: { name: string; blob: Blob }[] = [];
    const create = vi.fn((b: Blob) => {
      saved.push({ name: '', blob: b });
      return 'blob:x';
    });
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: create, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved[saved.length - 1]!.name = this.download;
    });
    try {
      const { rerender } = render(<ExportCsvButton name="classes" columns={columns} rows={[{ name: '张三', fee: 100, org: { name: '甲' } }]} />);
      fireEvent.click(screen.getByTestId('classes-export'));
      expect(saved).toHaveLength(1);
      expect(saved[0]!.name).toBe('classes-2026-03-11.csv');
      const bytes = new Uint8Array(await saved[0]!.blob.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(new TextDecoder().decode(bytes.slice(3))).toBe('姓名,单位,费用\r\n张三,甲,¥1.00\r\n');
      expect(screen.getByTestId('classes-export').textContent).toContain('导出 Excel(1 条)');
      rerender(<ExportCsvButton name="classes" columns={columns} rows={[]} />);
      expect((screen.getByTestId('classes-export') as HTMLButtonElement).disabled).toBe(true);
    } finally {
      click.mockRestore();
      vi.useRealTimers();
      vi.unstubAllGlobals();
    }
  });
});
