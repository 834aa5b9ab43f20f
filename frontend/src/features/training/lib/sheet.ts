// The enrolment sheet in the browser (TR-08). The server reads the file and decides; the
// screen reads it too, only to put a person on each line of the server's report (the report
// names lines, not people) and to say how many rows are on their way. Lines are counted the
// way the server counts them: the header is line 1, a CSV's empty lines do not count, an
// XLSX sheet starts at its first filled row. Also the template sheet, and the rule id at the
// head of a refusal's reason ("TR-07: …").
// removed with sheet.ts: the old readings of a server text, kept here only for this file and
// its callers until the server-side templates and reports replace it.
/** The half of a bilingual server text ("中文 / English") in the screen's language. */
export function inLanguage(text: string, language: string): string {
  const at = text.indexOf(' / ');
  if (at < 0) return text;
  return language.startsWith('zh') ? text.slice(0, at) : text.slice(at + 3);
}

// removed with sheet.ts
/** A text that starts with a rule id ("TR-07: …") split into the two. */
export function splitRule(reason: string): { rule?: string; text: string } {
  const m = /^([A-Z]{2,3}-\d{1,3})(?:[:：]\s*)([\s\S]*)$/.exec(reason);
  return m ? { rule: m[1], text: m[2] ?? '' } : { text: reason };
}

/** The columns the server looks for (crates/training/src/batch.rs), either spelling. */
export const NAME_HEADERS = ['姓名', 'name'];
export const ID_HEADERS = ['身份证号', 'national_id'];
const COLUMNS = [...NAME_HEADERS, ...ID_HEADERS];

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One row of a sheet as the officer typed it. */
export interface SheetRow {
  line: number;
  name: string;
  nationalId: string;
}

/** The media type the server expects for a file, by its name (then its type); null if neither. */
export function sheetType(file: { name: string; type: string }): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx') || file.type === XLSX_TYPE) return XLSX_TYPE;
  if (name.endsWith('.csv') || file.type === CSV_TYPE) return CSV_TYPE;
  return null;
}

/**
 * Records of a CSV text: commas, double quotes (`""` inside quotes is one quote), CRLF, LF or
 * CR between records; empty lines are skipped, as the server's reader does.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  let fieldStart = true;
  let any = false;
  const endRecord = () => {
    if (any) {
      row.push(cell);
      rows.push(row);
    }
    row = [];
    cell = '';
    fieldStart = true;
    any = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
      continue;
    }
    if (ch === '"' && fieldStart) {
      quoted = true;
      fieldStart = false;
      any = true;
    } else if (ch === ',') {
      row.push(cell);
      cell = '';
      fieldStart = true;
      any = true;
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else {
      cell += ch;
      fieldStart = false;
      any = true;
    }
  }
  endRecord();
  return rows;
}

async function inflateRaw(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const source = new ReadableStream<BufferSource>({
    start(c) {
      c.enqueue(data);
      c.close();
    },
  });
  const reader = source.pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    size += value.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The entries of a zip archive (stored or deflated) whose names `want` accepts. */
export async function unzip(buf: ArrayBuffer, want: (name: string) => boolean): Promise<Map<string, Uint8Array>> {
  const bytes = new Uint8Array(buf);
  const view = new DataView(buf);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('not a zip archive');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const utf8 = new TextDecoder();
  const out = new Map<string, Uint8Array>();
  for (let n = 0; n < count; n++) {
    if (view.getUint32(at, true) !== 0x02014b50) throw new Error('broken zip directory');
    const method = view.getUint16(at + 10, true);
    const packed = view.getUint32(at + 20, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = utf8.decode(bytes.subarray(at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
    if (!want(name)) continue;
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const data = bytes.subarray(start, start + packed);
    if (method === 0) out.set(name, data);
    else if (method === 8) out.set(name, await inflateRaw(data));
    else throw new Error(`zip method ${method}`);
  }
  return out;
}

function xml(data: Uint8Array | undefined): Document | null {
  if (!data) return null;
  return new DOMParser().parseFromString(new TextDecoder().decode(data), 'application/xml');
}

const all = (node: Document | Element, tag: string) => Array.from(node.getElementsByTagNameNS('*', tag));

/** The text of a shared or inline string: its runs, without the phonetic guide. */
function stringText(si: Element): string {
  return all(si, 't')
    .filter((t) => t.parentElement?.localName !== 'rPh')
    .map((t) => t.textContent ?? '')
    .join('');
}

/** A1-style column letters → 0-based index. */
function columnOf(ref: string): number {
  let n = 0;
  for (const ch of /^[A-Z]+/.exec(ref)?.[0] ?? '') n = n * 26 + ch.charCodeAt(0) - 64;
  return n - 1;
}

/** How the server writes a number cell: whole numbers without a decimal point. */
function numberText(v: string): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/** The rows of the first sheet of an XLSX workbook, from its first filled row and column. */
export async function readXlsx(buf: ArrayBuffer): Promise<string[][]> {
  const files = await unzip(buf, (n) => (n.startsWith('xl/') && n.endsWith('.xml')) || n.endsWith('.rels'));
  const workbook = xml(files.get('xl/workbook.xml'));
  const rels = xml(files.get('xl/_rels/workbook.xml.rels'));
  const first = workbook ? all(workbook, 'sheet')[0] : undefined;
  const relId = first?.getAttributeNS('http://schemas.openxmlformats.org/officeDocument/2006/relationships', 'id');
  const target = rels && relId ? all(rels, 'Relationship').find((r) => r.getAttribute('Id') === relId)?.getAttribute('Target') : undefined;
  const sheetPath = target ? (target.startsWith('/') ? target.slice(1) : `xl/${target}`) : 'xl/worksheets/sheet1.xml';
  const sheet = xml(files.get(sheetPath));
  if (!sheet) throw new Error('the workbook has no sheet');
  const shared = xml(files.get('xl/sharedStrings.xml'));
  const strings = shared ? all(shared, 'si').map(stringText) : [];
  const cells: { row: number; col: number; text: string }[] = [];
  all(sheet, 'row').forEach((rowEl, i) => {
    const rowNo = Number(rowEl.getAttribute('r') ?? i + 1);
    all(rowEl, 'c').forEach((c, j) => {
      const ref = c.getAttribute('r');
      const col = ref ? columnOf(ref) : j;
      const kind = c.getAttribute('t');
      const v = all(c, 'v')[0]?.textContent ?? '';
      let text: string;
      if (kind === 'inlineStr') text = all(c, 'is').map(stringText).join('');
      else if (kind === 's') text = strings[Number(v)] ?? '';
      else if (kind === 'b') text = v === '1' ? 'true' : 'false';
      else if (kind === 'str' || kind === 'e') text = v;
      else text = v === '' ? '' : numberText(v);
      if (text !== '') cells.push({ row: rowNo, col, text });
    });
  });
  if (cells.length === 0) return [];
  const top = Math.min(...cells.map((c) => c.row));
  const left = Math.min(...cells.map((c) => c.col));
  const rows: string[][] = [];
  for (const c of cells) {
    const r = (rows[c.row - top] ??= []);
    r[c.col - left] = c.text;
  }
  return Array.from(rows, (r) => Array.from(r ?? [], (t) => t ?? ''));
}

/** The person rows of a table (header first), or null when a column is missing. */
export function sheetRows(table: string[][]): SheetRow[] | null {
  const header = (table[0] ?? []).map((h) => h.trim());
  const nameCol = header.findIndex((h) => NAME_HEADERS.includes(h));
  const idCol = header.findIndex((h) => ID_HEADERS.includes(h));
  if (nameCol < 0 || idCol < 0) return null;
  const rows: SheetRow[] = [];
  table.forEach((r, i) => {
    if (i === 0 || !r.some((c) => c.trim() !== '')) return;
    rows.push({ line: i + 1, name: (r[nameCol] ?? '').trim(), nationalId: (r[idCol] ?? '').trim() });
  });
  return rows;
}

/** The person rows of a sheet file, or null when the browser cannot read it (the server still decides). */
export async function readSheet(file: Blob & { name: string }): Promise<SheetRow[] | null> {
  try {
    const buf = await file.arrayBuffer();
    const table = sheetType(file) === XLSX_TYPE ? await readXlsx(buf) : parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(buf));
    return sheetRows(table);
  } catch {
    return null;
  }
}

/** The template: the two column headers, UTF-8 with a BOM so that Excel shows the Chinese. */
export function enrolmentTemplateCsv(): string {
  return `\uFEFF${NAME_HEADERS[0]},${ID_HEADERS[0]}\r\n`;
}

/** An ID number as lists show it: region and last four, the birth date hidden. */
export function maskNationalId(id: string): string {
  return id.length >= 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : id;
}

export interface RejectedLine {
  line: number;
  field: string;
  reason: string;
}

/** enrolled: submitted to the training manager; rejected: the row is bad; held: a good row not written because another row is bad (all or nothing). */
export type LineOutcome = 'enrolled' | 'rejected' | 'held';

export interface ReportLine {
  key: string;
  line: number;
  name?: string;
  nationalId?: string;
  outcome: LineOutcome;
  field?: string;
  reason?: string;
  rule?: string;
}

/**
 * The report, one line per row of the sheet: the server's rejected rows with their reason and
 * rule, the others enrolled (or held back when nothing was written). Without the rows (a file
 * the browser could not read) only the rejected lines are known. A row's field is kept when it
 * names a column of the sheet (the server also says `person_id` for who the person is).
 */
export function reportLines(rows: SheetRow[] | null, rejected: RejectedLine[], written: boolean): ReportLine[] {
  const byLine = new Map<number, RejectedLine[]>();
  for (const r of rejected) byLine.set(r.line, [...(byLine.get(r.line) ?? []), r]);
  const bad = (r: RejectedLine, i: number, row?: SheetRow): ReportLine => {
    const { rule, text } = splitRule(r.reason);
    return { key: `${r.line}-${i}`, line: r.line, name: row?.name, nationalId: row?.nationalId, outcome: 'rejected', field: COLUMNS.includes(r.field) ? r.field : undefined, reason: text, rule };
  };
  const out: ReportLine[] = [];
  const known = new Set<number>();
  for (const row of rows ?? []) {
    known.add(row.line);
    const refusals = byLine.get(row.line);
    if (refusals) out.push(...refusals.map((r, i) => bad(r, i, row)));
    else out.push({ key: `${row.line}`, line: row.line, name: row.name, nationalId: row.nationalId, outcome: written ? 'enrolled' : 'held' });
  }
  rejected.forEach((r, i) => {
    if (!known.has(r.line)) out.push(bad(r, i));
  });
  return out.sort((a, b) => a.line - b.line);
}
