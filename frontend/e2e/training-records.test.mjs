// Browser checks, in real Chromium, of the association's record screens that came with the
// training accounts. Setup through the API: the association's staff schedule a class of their
// own; the enterprise's officer enters a new employee and enrols them (not paid). Then the
// association's staff, on a phone:
//  - on the class page see the trainee not eligible for the exam, with the rule (TR-09) and why;
//  - list a person not on file in the blacklist by name and ID number, and see the entry with
//    the day five years on from which registrations are accepted again (CR-04);
//  - on a course's page upload a PDF material, get the same bytes back, and add an accident case
//    linked to the course (TR-03);
//  - add a make-up working day to the association's holiday calendar (TR-18).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, RUN, answered, call, downloaded, fitsPhone, nationalId, nineOClock, organizationOf, pickOption, scheduleClass, today, token, useBrowser } from './support.mjs';

const CLASS = `压力容器安全管理培训班(记录 E2E ${RUN})`;
const TRAINEE = `资格测试员${RUN}`;
const LISTED = `黑名单测试${RUN}`;
const MATERIAL = `充装安全讲义 ${RUN}`;
const CASE = `钢瓶超装泄漏事故 ${RUN}`;
const PDF = Buffer.from(`%PDF-1.4\n% 讲义 ${RUN}\n%%EOF\n`, 'utf8');
const { login } = useBrowser();
let setup;

before(async () => {
  const staff = await token('assoc.staff');
  const courses = await call(staff, 'GET', '/courses?limit=200');
  const course = courses.items[0];
  const klass = await scheduleClass(staff, { course, name: CLASS, start: nineOClock(28), venue: '长沙市岳麓区麓谷大道627号 307教室' });
  const officer = await token('ent.officer');
  const me = await call(officer, 'GET', '/me');
  const enterprise = organizationOf(me, 'enterprise');
  const seq = (Date.now() % 450) * 2 + 101;
  const person = await call(officer, 'POST', '/persons', { name: TRAINEE, gender: 'male', birth_date: '1986-07-21', national_id: nationalId('430104', '1986-07-21', seq), employer_id: enterprise, post: '气瓶充装工' });
  const enrolment = await call(officer, 'POST', '/enrolments', { class_id: klass.id, person_id: person.id });
  setup = { staff, klass, course, enrolment, listedId: nationalId('430105', '1979-11-02', seq) };
});

/** Types a day into the date picker of a dialog and confirms it. */
async function pickDay(dialog, day) {
  const input = dialog.locator('.ant-picker input').first();
  await input.click();
  await input.fill(day);
  await input.press('Enter');
}

test('on a phone the association sees exam eligibility, lists a person in the blacklist, adds a course material and case, and a calendar day', async () => {
  const { staff: staffToken, klass, course, enrolment, listedId } = setup;
  const page = await login('assoc.staff', PHONE);

  // Exam eligibility on the class page: not paid, so not eligible (TR-09), with the reason.
  const eligibility = answered(page, 'GET', `/api/v1/enrolments/${enrolment.id}/eligibility`);
  await page.goto(`${BASE}/training/classes/${klass.id}`);
  assert.equal((await eligibility).status(), 200);
  const row = page.locator(`[data-testid=class-enrolment][data-person="${TRAINEE}"]`);
  const reason = row.locator('[data-testid=eligibility-reason][data-rule="TR-09"]');
  await reason.waitFor();
  // The sentence, then the rule id as a link to the rule's text (not inside the sentence).
  assert.match(await reason.textContent(), /^未缴费.*TR-09$/);
  assert.equal(await reason.getByTestId('rule-ref').getAttribute('href'), '/public/rules#TR-09');
  await fitsPhone(page, { culprits: true });

  // The blacklist: a person not on file, by name and ID number; five years on.
  await page.goto(`${BASE}/training/blacklist`);
  await page.getByTestId('blacklist-add').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('按姓名和身份证号').click();
  await dialog.getByTestId('blacklist-name').fill(LISTED);
  await dialog.getByTestId('blacklist-national-id').fill(listedId);
  await dialog.getByTestId('blacklist-reason').fill('报名时提交伪造的学历证书');
  const day = today();
  const expires = `${Number(day.slice(0, 4)) + 5}${day.slice(4)}`;
  assert.equal(await dialog.getByTestId('blacklist-preview').textContent(), `5年内不受理其报名,自 ${day.endsWith('02-29') ? `${Number(day.slice(0, 4)) + 5}-03-01` : expires} 起恢复受理`);
  const listed = answered(page, 'POST', '/api/v1/blacklist');
  await page.getByTestId('blacklist-save').click();
  const entry = await (await listed).json();
  assert.equal((await listed).status(), 201);
  assert.equal(entry.listed_on, day);
  const filter = page.locator('input[data-testid=blacklist-filter], [data-testid=blacklist-filter] input').first();
  await filter.fill(LISTED);
  await filter.press('Enter');
  await page.locator('.ant-modal-root').waitFor({ state: 'detached' });
  const listedRow = page.locator(`[data-testid=blacklist-row][data-id="${entry.id}"]`);
  await listedRow.waitFor();
  assert.equal(await page.getByTestId('blacklist-row').count(), 1);
  assert.equal(await listedRow.getByTestId('blacklist-active').textContent(), `${entry.expires_on}前不受理报名`);
  assert.ok((await listedRow.textContent()).includes(`${listedId.slice(0, 6)}********${listedId.slice(-4)}`), 'the ID number is shown masked');
  await fitsPhone(page, { culprits: true });

  // The course page: a PDF material up and back, and an accident case linked to the course.
  await page.goto(`${BASE}/training/courses/${course.id}`);
  await page.getByTestId('material-title').fill(MATERIAL);
  const uploaded = answered(page, 'POST', `/api/v1/courses/${course.id}/materials`);
  await page.getByTestId('materials').locator('input[type=file]').setInputFiles({ name: '讲义.pdf', mimeType: 'application/pdf', buffer: PDF });
  const material = await (await uploaded).json();
  assert.equal((await uploaded).status(), 201);
  assert.equal(material.title, MATERIAL);
  const materialRow = page.locator(`[data-testid=material-row][data-title="${MATERIAL}"]`);
  await materialRow.waitFor();
  assert.deepEqual(await downloaded(page, () => materialRow.getByTestId('material-download').click()), PDF);

  await page.getByTestId('case-add').click();
  const caseDialog = page.getByRole('dialog');
  await caseDialog.getByTestId('case-title').fill(CASE);
  await pickDay(caseDialog, '2024-08-09');
  await pickOption(page, caseDialog.getByTestId('case-category'), '压力容器(含气瓶)');
  await caseDialog.getByTestId('case-summary').fill('充装后未复称,钢瓶超装,安全阀起跳泄漏。');
  await caseDialog.getByTestId('case-lessons').fill('充装后必须复称并记录。');
  const added = answered(page, 'POST', '/api/v1/accident-cases');
  await page.getByTestId('case-save').click();
  const accident = await (await added).json();
  assert.equal((await added).status(), 201);
  assert.deepEqual(accident.course_ids, [course.id]);
  await page.locator(`[data-testid=case][data-title="${CASE}"]`).waitFor();
  await page.locator('.ant-modal-root').waitFor({ state: 'detached' });
  const linked = (await call(staffToken, 'GET', `/accident-cases?course_id=${course.id}&limit=200`)).items;
  assert.ok(linked.some((k) => k.id === accident.id), 'the case is linked to the course');
  await fitsPhone(page, { culprits: true });

  // The holiday calendar: a make-up working day of the association, two years on (no archive
  // of another test falls that far).
  const year = Number(day.slice(0, 4)) + 2;
  const workday = `${year}-10-${String(10 + (Date.now() % 18)).padStart(2, '0')}`;
  await page.goto(`${BASE}/training/calendar`);
  await page.getByTestId('calendar-add').click();
  const calDialog = page.getByRole('dialog');
  await pickDay(calDialog, workday);
  await calDialog.getByTestId('calendar-workday').click();
  await calDialog.getByTestId('calendar-name').fill(`调休上班(E2E ${RUN})`);
  const dayAdded = answered(page, 'POST', '/api/v1/calendar-days');
  await page.getByTestId('calendar-save').click();
  assert.equal((await dayAdded).status(), 201);
  const calRow = page.locator(`[data-testid=calendar-row][data-day="${workday}"][data-scope=association]`);
  await calRow.waitFor();
  await page.locator('.ant-modal-root').waitFor({ state: 'detached' });
  assert.match(await calRow.textContent(), /调休上班/);
  await fitsPhone(page, { culprits: true });
  await page.close();
});
