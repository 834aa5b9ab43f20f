// The import templates, made by the server (issue 14 §7): the persons template (sheet 人员 with
// the header row, sheet 填写说明 describing each column) and the enrolment template (姓名,
// 身份证号), and an exam bank's questions template (题型, 题干, 选项, 答案, 分值, 知识点, 难度, one
// example row per kind). All need the session, so they are fetched through the API client as a
// Blob and saved under the screen's file name, not opened as a plain link.
import { api, unwrap } from './api/client';
import { saveBlob } from './saveBlob';

export type ImportTemplate = 'persons' | 'enrolment' | 'questions';

/** The template's bytes, fetched with the bearer token. */
export async function fetchImportTemplate(which: ImportTemplate): Promise<Blob> {
  switch (which) {
    case 'persons':
      return unwrap(api.GET('/api/v1/persons/import-template', { parseAs: 'blob' }));
    case 'enrolment':
      return unwrap(api.GET('/api/v1/enrolment-import-template', { parseAs: 'blob' }));
    case 'questions':
      return unwrap(api.GET('/api/v1/exam-question-template', { parseAs: 'blob' }));
  }
}

/** Fetches the template and saves it as `fileName`. */
export async function downloadImportTemplate(which: ImportTemplate, fileName: string): Promise<void> {
  saveBlob(await fetchImportTemplate(which), fileName);
}
