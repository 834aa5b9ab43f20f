import { CSV_TYPE, XLSX_TYPE, importFileType } from './importFile';

describe('the type an import file is sent under', () => {
  it('goes by the extension, whatever its case', () => {
    expect(importFileType({ name: '人员.xlsx', type: '' })).toBe(XLSX_TYPE);
    expect(importFileType({ name: 'NAMES.XLSX', type: 'application/octet-stream' })).toBe(XLSX_TYPE);
    expect(importFileType({ name: '名单.csv', type: '' })).toBe(CSV_TYPE);
    // Windows often calls a CSV an Excel file: the name wins.
    expect(importFileType({ name: '名单.csv', type: 'application/vnd.ms-excel' })).toBe(CSV_TYPE);
  });
  it('falls back to the type the browser gives a file without a known extension', () => {
    expect(importFileType({ name: '名单', type: XLSX_TYPE })).toBe(XLSX_TYPE);
    expect(importFileType({ name: 'export', type: 'text/csv' })).toBe(CSV_TYPE);
  });
  it('refuses the rest', () => {
    expect(importFileType({ name: '名单.xls', type: 'application/vnd.ms-excel' })).toBeNull();
    expect(importFileType({ name: '名单.txt', type: 'text/plain' })).toBeNull();
  });
});
