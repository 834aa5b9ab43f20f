// Browser check, in real Chromium, of the enrolment sheet import (TR-08). Setup goes through
// the API: the association's staff schedule a class of their own; the enterprise's training
// officer enters a new employee (so the test knows the full ID number, which lists never show).
// Then the officer, on a phone, on the enrolment screen:
//  - downloads the server's template (an XLSX, fetched with the session, saved as
//    报名导入模板.xlsx);
//  - uploads a CSV whose line 2 names an ID number nobody has and whose line 3 is the new
//    employee: all or nothing (the default) answers 422 and the server's report shows line 2
//    refused with the name and masked ID number the server gives and its reason; line 3 is not
//    in the report (the browser no longer reads the file); nothing is enrolled;
//  - switches to "import the good rows" and uploads the same file: one submitted, line 2
//    refused again; the class has exactly that one enrolment, waiting for the training manager.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { BASE, PHONE, RUN, answered, call, fitsPhone, nationalId, nineOClock, organizationOf, scheduleClass, token, useBrowser } from './support.mjs';

const CLASS = `电梯安全管理员培训班(导入 E2E ${RUN})`;
const NAME = `导入测试员${RUN}`;
const { login } = useBrowser();
let setup;

before(async () => {
  const staff = await token('assoc.staff');
  const courses = await call(staff, 'GET', '/courses?limit=200');
  const klass = await scheduleClass(staff, { course: courses.items[0], name: CLASS, start: nineOClock(30), venue: '长沙市岳麓区麓谷大道627号 306教室' });

  // A new employee of the officer's enterprise, and an ID number nobody has.
  const officer = await token('ent.officer');
  const me = await call(officer, 'GET', '/me');
  const enterprise = organizationOf(me, 'enterprise');
  const seq = (Date.now() % 450) * 2 + 101;
  const goodId = nationalId('430104', '1988-03-15', seq);
  const person = await call(officer, 'POST', '/persons', { name: NAME, gender: 'male', birth_date: '1988-03-15', national_id: goodId, employer_id: enterprise, post: '电梯安全管理员' });
  const unknownId = nationalId('430104', '1988-03-16', seq);
  const csv = `\uFEFF姓名,身份证号\r\n查无此人,${unknownId}\r\n${NAME},${goodId}\r\n`;

  setup = { klass, person, officer, csv, unknownId };
});

/** Uploads the sheet and returns the import's answer. */
async function upload(page, csv) {
  const path = `/api/v1/classes/${setup.klass.id}/enrolment-imports`;
  const answer = answered(page, 'POST', path);
  await page
    .getByTestId('enrol-import')
    .locator('input[type=file]')
    .setInputFiles({ name: '报名名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  return answer;
}

/** The report row of a line of the sheet (the server reports only the refused ones). */
const row = (page, line) => page.getByTestId('enrol-import-report').locator(`[data-testid=import-row][data-line="${line}"]`);

test('the officer imports a sheet on a phone: all or nothing enrols nobody, good rows enrols the good one', async () => {
  const { klass, person, officer: officerToken, csv, unknownId } = setup;
  const page = await login('ent.officer', PHONE);
  await page.goto(`${BASE}/training/enrol?class=${klass.id}`);
  const card = page.getByTestId('enrol-import');
  await card.waitFor();

  // The template is the server's XLSX, fetched with the session and saved under its name.
  const templateAnswer = answered(page, 'GET', '/api/v1/enrolment-import-template');
  const download = page.waitForEvent('download');
  await page.getByTestId('enrol-import-template').click();
  assert.equal((await templateAnswer).status(), 200);
  const saved = await download;
  assert.equal(saved.suggestedFilename(), '报名导入模板.xlsx');
  const template = await readFile(await saved.path());
  assert.equal(template.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'an XLSX file is a zip');

  // All or nothing (the default): refused as a whole, the bad line named with its reason.
  const first = await upload(page, csv);
  assert.equal(first.status(), 422);
  assert.equal(new URL(first.url()).searchParams.get('mode'), 'all_or_nothing');
  await row(page, 2).waitFor();
  assert.equal(await row(page, 2).getByTestId('import-name').textContent(), '查无此人');
  assert.equal(await row(page, 2).getByTestId('import-national-id').textContent(), `${unknownId.slice(0, 6)}********${unknownId.slice(-4)}`);
  assert.match(await row(page, 2).getByTestId('message-text').textContent(), /无此人员/);
  assert.equal(await row(page, 3).count(), 0, 'a good line is not in the report');
  assert.match(await page.getByTestId('enrol-import-summary').textContent(), /1 行未通过,整批未导入/);
  assert.equal((await call(officerToken, 'GET', `/enrolments?class_id=${klass.id}`)).items.length, 0, 'nothing enrolled');
  await fitsPhone(page);

  // Good rows: the employee is submitted, the bad line refused again.
  await card.getByRole('radio', { name: '导入正确的行' }).check();
  const second = await upload(page, csv);
  assert.equal(second.status(), 200);
  assert.equal(new URL(second.url()).searchParams.get('mode'), 'good_rows');
  const answer = await second.json();
  assert.equal(answer.enrolled.length, 1);
  await page.getByTestId('enrol-import-summary').filter({ hasText: '已提交 1 人,1 行未通过' }).waitFor();
  assert.equal(await row(page, 2).getByTestId('import-name').textContent(), '查无此人');
  assert.equal(await row(page, 3).count(), 0);
  const enrolments = (await call(officerToken, 'GET', `/enrolments?class_id=${klass.id}`)).items;
  assert.deepEqual(
    enrolments.map((e) => [e.person_id, e.status]),
    [[person.id, 'submitted']],
  );
  // The class's enrolment list on the screen shows the new one.
  await page.getByTestId('enrol-class-enrolments').getByRole('cell', { name: NAME, exact: true }).waitFor();
  await fitsPhone(page);
  await page.close();
});
