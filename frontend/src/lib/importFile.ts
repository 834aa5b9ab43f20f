// The two kinds of file the imports take (persons, enrolment), told apart by the file's name,
// then by the type the browser gives it. The server reads the file and decides; the screen
// only sends it under the right media type, and refuses at once what neither is.
export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the file inputs of the imports accept. */
export const IMPORT_ACCEPT = '.csv,.xlsx';

/** The media type an import is sent under, by the file's extension (then its type); null if neither CSV nor XLSX. */
export function importFileType(file: { name: string; type: string }): typeof CSV_TYPE | typeof XLSX_TYPE | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.csv')) return CSV_TYPE;
  if (file.type === XLSX_TYPE) return XLSX_TYPE;
  if (file.type === CSV_TYPE) return CSV_TYPE;
  return null;
}
