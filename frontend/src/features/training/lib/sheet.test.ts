import { deflateRawSync } from 'node:zlib';
import { enrolmentTemplateCsv, inLanguage, maskNationalId, parseCsv, readSheet, readXlsx, reportLines, sheetRows, sheetType, splitRule } from './sheet';

/** A zip archive of the given entries, the first stored, the others deflated. */
function zip(entries: Record<string, string>): ArrayBuffer {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  Object.entries(entries).forEach(([name, text], i) => {
    const raw = enc.encode(text);
    const data = i === 0 ? raw : new Uint8Array(deflateRawSync(raw));
    const n = enc.encode(name);
    const local = new Uint8Array(30 + n.length + data.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(8, i === 0 ? 0 : 8, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, raw.length, true);
    lv.setUint16(26, n.length, true);
    local.set(n, 30);
    local.set(data, 30 + n.length);
    const dir = new Uint8Array(46 + n.length);
    const dv = new DataView(dir.buffer);
    dv.setUint32(0, 0x02014b50, true);
    dv.setUint16(10, i === 0 ? 0 : 8, true);
    dv.setUint32(20, data.length, true);
    dv.setUint32(24, raw.length, true);
    dv.setUint16(28, n.length, true);
    dv.setUint32(42, offset, true);
    dir.set(n, 46);
    locals.push(local);
    central.push(dir);
    offset += local.length;
  });
  const dirSize = central.reduce((s, d) => s + d.length, 0);
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, central.length, true);
  ev.setUint16(10, central.length, true);
  ev.setUint32(12, dirSize, true);
  ev.setUint32(16, offset, true);
  const parts = [...locals, ...central, end];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out.buffer;
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function workbook(sheetXml: string, shared: string[]): ArrayBuffer {
  return zip({
    '[Content_Types].xml': '<Types/>',
    'xl/workbook.xml': `<workbook ${NS}><sheets><sheet name="名单" sheetId="1" r:id="rId7"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="worksheet" Target="worksheets/roster.xml"/></Relationships>',
    'xl/sharedStrings.xml': `<sst ${NS}>${shared.map((s) => `<si><t>${s}</t></si>`).join('')}<si><r><t>林</t></r><r><t>秀英</t></r><rPh><t>リン</t></rPh></si></sst>`,
    'xl/worksheets/roster.xml': `<worksheet ${NS}><sheetData>${sheetXml}</sheetData></worksheet>`,
  });
}

describe('the enrolment sheet', () => {
  it('knows a sheet by its name, then its type', () => {
    expect(sheetType({ name: '名单.XLSX', type: '' })).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(sheetType({ name: '名单.csv', type: 'application/vnd.ms-excel' })).toBe('text/csv');
    expect(sheetType({ name: 'roster', type: 'text/csv' })).toBe('text/csv');
    expect(sheetType({ name: '名单.xls', type: 'application/vnd.ms-excel' })).toBeNull();
  });

  it('reads CSV records as the server does: quotes, CRLF, empty lines skipped', () => {
    expect(parseCsv('姓名,身份证号\r\n"王, 小明","1""2"\n\n\n李四,\r\n')).toEqual([
      ['姓名', '身份证号'],
      ['王, 小明', '1"2'],
      ['李四', ''],
    ]);
    expect(parseCsv('a,"line\nbreak"\nb,c')).toEqual([
      ['a', 'line\nbreak'],
      ['b', 'c'],
    ]);
  });

  it('numbers lines from the header (line 1), skipping blank rows but counting them', () => {
    const rows = sheetRows([['身份证号 ', ' 姓名', '岗位'], [' 430103199107160316', '周建华 '], [' ', ''], ['110105194912310028', '林秀英']]);
    expect(rows).toEqual([
      { line: 2, name: '周建华', nationalId: '430103199107160316' },
      { line: 4, name: '林秀英', nationalId: '110105194912310028' },
    ]);
    expect(sheetRows([['name', 'national_id'], ['Li', '1']])).toEqual([{ line: 2, name: 'Li', nationalId: '1' }]);
    expect(sheetRows([['姓名', '证件号']])).toBeNull();
  });

  it('reads the first sheet of an XLSX workbook from its first filled row and column', async () => {
    // The sheet starts at B3; an ID number typed as text is a shared string, one typed as a number loses nothing here.
    const sheet =
      '<row r="3"><c r="B3" t="s"><v>0</v></c><c r="C3" t="s"><v>1</v></c></row>' +
      '<row r="4"><c r="B4" t="inlineStr"><is><t>周建华</t></is></c><c r="C4" t="s"><v>2</v></c></row>' +
      '<row r="5"><c r="B5" s="1"/></row>' +
      '<row r="6"><c r="B6" t="s"><v>3</v></c><c r="C6"><v>110105194912310</v></c></row>';
    const buf = workbook(sheet, ['姓名', '身份证号', '430103199107160316']);
    const table = await readXlsx(buf);
    expect(table).toEqual([['姓名', '身份证号'], ['周建华', '430103199107160316'], [], ['林秀英', '110105194912310']]);
    expect(sheetRows(table)).toEqual([
      { line: 2, name: '周建华', nationalId: '430103199107160316' },
      { line: 4, name: '林秀英', nationalId: '110105194912310' },
    ]);
  });

  it('reads a picked file, and gives up (null) on one it cannot read', async () => {
    const csv = new File(['\uFEFF姓名,身份证号\r\n周建华,430103199107160316\r\n'], '名单.csv', { type: 'text/csv' });
    expect(await readSheet(csv)).toEqual([{ line: 2, name: '周建华', nationalId: '430103199107160316' }]);
    const latin1 = new File([new Uint8Array([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0x0a])], 'gbk.csv', { type: 'text/csv' });
    expect(await readSheet(latin1)).toBeNull();
    const notZip = new File(['姓名,身份证号'], 'fake.xlsx');
    expect(await readSheet(notZip)).toBeNull();
  });

  it('offers a template with the two headers the server looks for', () => {
    const rows = parseCsv(enrolmentTemplateCsv().replace(/^\uFEFF/, ''));
    expect(rows).toEqual([['姓名', '身份证号']]);
    expect(sheetRows(rows)).toEqual([]);
    expect(enrolmentTemplateCsv().startsWith('\uFEFF')).toBe(true);
  });

  it('masks an ID number, splits off a rule id, picks the language of a bilingual reason', () => {
    expect(maskNationalId('11010519491231002X')).toBe('110105********002X');
    expect(maskNationalId('123')).toBe('123');
    expect(splitRule('TR-07: 您不是本单位向协会备案的培训专员')).toEqual({ rule: 'TR-07', text: '您不是本单位向协会备案的培训专员' });
    expect(splitRule('CR-04: 列入黑名单')).toEqual({ rule: 'CR-04', text: '列入黑名单' });
    expect(splitRule('身份证号无效(checksum) / invalid ID number')).toEqual({ text: '身份证号无效(checksum) / invalid ID number' });
    expect(inLanguage('无此人员,请先录入人员信息 / no such person: enter the person first', 'zh-CN')).toBe('无此人员,请先录入人员信息');
    expect(inLanguage('无此人员,请先录入人员信息 / no such person: enter the person first', 'en')).toBe('no such person: enter the person first');
    expect(inLanguage('只有中文', 'en')).toBe('只有中文');
  });

  it('puts each row of the sheet in the report: rejected with reason and rule, the others enrolled or held back', () => {
    const rows = [
      { line: 2, name: '周建华', nationalId: '430103199107160316' },
      { line: 3, name: '王五', nationalId: '430103199001010011' },
      { line: 5, name: '赵六', nationalId: '430103199001010038' },
    ];
    const rejected = [
      { line: 3, field: '身份证号', reason: '无此人员,请先录入人员信息 / no such person: enter the person first' },
      { line: 5, field: '', reason: 'CR-04: 列入黑名单' },
      { line: 7, field: 'person_id', reason: '不是本单位人员 / not an employee of your enterprise' },
    ];
    const held = reportLines(rows, rejected, false);
    expect(held.map((l) => [l.line, l.name, l.outcome, l.rule])).toEqual([
      [2, '周建华', 'held', undefined],
      [3, '王五', 'rejected', undefined],
      [5, '赵六', 'rejected', 'CR-04'],
      [7, undefined, 'rejected', undefined],
    ]);
    expect(held[3]?.field).toBeUndefined();
    expect(held[1]?.field).toBe('身份证号');
    expect(held[2]?.reason).toBe('列入黑名单');
    expect(reportLines(rows, rejected, true)[0]?.outcome).toBe('enrolled');
    // A file the browser could not read: the rejected lines, without names.
    expect(reportLines(null, rejected, true).map((l) => [l.line, l.name, l.outcome])).toEqual([
      [3, undefined, 'rejected'],
      [5, undefined, 'rejected'],
      [7, undefined, 'rejected'],
    ]);
  });
});
