import { fileNameOf, withQuery } from './download';

describe('file downloads', () => {
  it('puts only the set filters in the query', () => {
    expect(withQuery('/api/v1/enrolments/export', {})).toBe('/api/v1/enrolments/export');
    expect(withQuery('/api/v1/enrolments/export', { class_id: undefined, status: 'returned', person_id: '' })).toBe('/api/v1/enrolments/export?status=returned');
    expect(withQuery('/api/v1/fee-ledger/export', { from: '2026-01-01', to: '2026-03-31' })).toBe('/api/v1/fee-ledger/export?from=2026-01-01&to=2026-03-31');
  });
  it('names the file as the server says, else the fallback', () => {
    expect(fileNameOf(null, 'x.xlsx')).toBe('x.xlsx');
    expect(fileNameOf('attachment; filename="enrolments.xlsx"', 'x.xlsx')).toBe('enrolments.xlsx');
    expect(fileNameOf("attachment; filename=\"e.xlsx\"; filename*=UTF-8''%E6%8A%A5%E5%90%8D.xlsx", 'x.xlsx')).toBe('报名.xlsx');
  });
});
