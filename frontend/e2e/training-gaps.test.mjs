// Browser checks, in real Chromium, of what the training screens used to lack. Setup goes
// through the API: the association's staff schedule a class of their own, set its level and put
// a teacher of the pool with a sufficient title on it (TR-20). Then:
//  - the enterprise's training officer enrols a colleague; the training manager returns the
//    enrolment and the return dialog asks for the reason; the officer reads the reason in the
//    inbox and on the enrolments screen and resubmits it there; the manager approves it;
//  - on the class page the association's staff see the level and the teacher read back from
//    the server (set before the page was opened), pick the head teacher by name from the
//    candidates, and after a reload see the head teacher by name;
//  - the enrolments screen exports the class's enrolments to Excel (an XLSX file, i.e. a zip)
//    with the class filter in the request; finance exports the fee ledger the same way;
//  - on the plans screen the association's staff change a draft plan's fee publicity: a fee
//    item added (typed in yuan, stored in fen) and the complaint phone, sent with If-Match.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, RUN, answered, call, downloaded, nineOClock, organizationOf, pickOption, scheduleClass, send, shanghaiYear, token, useBrowser } from './support.mjs';

const CLASS = `气瓶充装安全管理培训班(E2E ${RUN})`;
const REASON = `身份证号与社保记录不一致,请核实后重新提交(${RUN})`;
const HEAD_TEACHER = '班主任 吴霞';
const { login } = useBrowser();
let setup;

/** Titles that may teach a junior, intermediate or senior class (TR-20: intermediate or higher). */
const LEVEL_TITLES = new Set(['intermediate', 'associate_senior', 'senior']);

/**
 * An active teacher of the association's pool who may teach a level class (TR-20): an existing
 * one, else a person of the association or a member with an intermediate title or higher,
 * appointed now.
 */
async function activeTeacher(staff, association) {
  const pool = (await call(staff, 'GET', `/teachers?association_id=${association}&limit=200`)).items;
  const active = pool.find((x) => x.status === 'active' && LEVEL_TITLES.has(x.title_level));
  if (active) return active;
  // A council term covering today (TR-05); one may already be recorded.
  const year = shanghaiYear(new Date());
  const term = await send(staff, 'POST', `/associations/${association}/council-terms`, { starts_on: `${year}-01-01` });
  assert.ok(term.ok || term.status === 409, `council term: ${term.status} ${await term.text()}`);
  const inPool = new Set(pool.map((x) => x.person_id));
  const persons = await call(staff, 'GET', '/persons?limit=200');
  const person = persons.items.find((p) => !inPool.has(p.id) && LEVEL_TITLES.has(p.title_level));
  assert.ok(person, 'a person of the association or a member with an intermediate title or higher is not yet in the teacher pool');
  let teacher = await call(staff, 'POST', '/teachers', { association_id: association, person_id: person.id, subjects: '安全技术规范' });
  teacher = await call(staff, 'POST', `/teachers/${teacher.id}/selection`);
  return call(staff, 'POST', `/teachers/${teacher.id}/appointment`);
}

before(async () => {
  const staff = await token('assoc.staff');
  const staffMe = await call(staff, 'GET', '/me');
  const association = organizationOf(staffMe, 'association');
  const courses = await call(staff, 'GET', '/courses?limit=200');
  const course = courses.items[0];
  const klass = await scheduleClass(staff, { course, name: CLASS, start: nineOClock(25), venue: '长沙市岳麓区麓谷大道627号 305教室' });
  // The level, then a teacher whose title suffices for it (TR-20 is checked either way round).
  await call(staff, 'PUT', `/classes/${klass.id}/level`, { level: 'intermediate' });
  const teacher = await activeTeacher(staff, association);
  await call(staff, 'POST', `/classes/${klass.id}/teachers`, { teacher_id: teacher.id });

  // The colleague the officer enrols: an employee of the demo enterprise.
  const officer = await token('ent.officer');
  const officerMe = await call(officer, 'GET', '/me');
  const enterprise = organizationOf(officerMe, 'enterprise');
  const employees = await call(officer, 'GET', `/persons?employer_id=${enterprise}&limit=200`);
  const person = employees.items.find((p) => p.name === '陈晓燕') ?? employees.items[0];
  assert.ok(person, 'the demo enterprise has employees');

  // A draft plan whose fee publicity can still change: this year's or next year's.
  const overview = await call(staff, 'GET', `/plans?association_id=${association}`);
  const year = overview.current_year;
  let plan = overview.items.find((p) => [year, year + 1].includes(p.year) && p.status === 'draft');
  if (!plan) {
    const free = [year + 1, year].find((y) => !overview.items.some((p) => p.year === y));
    assert.ok(free, 'this year or next year has a draft plan or none yet');
    plan = await call(staff, 'POST', '/plans', {
      association_id: association,
      year: free,
      title: `${free}年度特种设备作业人员培训计划(草稿 E2E ${RUN})`,
      complaint_phone: '0731-84560000',
      fees: [{ item: '培训费', amount: 60_000, basis: '湘发改价费〔2025〕18号', scope: '参加培训的学员(按人次)' }],
    });
  }

  setup = { klass, teacher, person, officer, plan, staff };
});

/** The caller's inbox item for the class of this run. */
async function inboxItem(page) {
  await page.goto(`${BASE}/inbox`);
  const item = page.getByTestId('inbox-item').filter({ hasText: CLASS });
  await item.waitFor();
  return item;
}

test('the manager returns with a reason, the officer reads it and resubmits, the manager approves', async () => {
  const { klass, person, officer: officerToken } = setup;

  // The officer enrols the colleague into the class.
  const officer = await login('ent.officer');
  await officer.goto(`${BASE}/training/enrol?class=${klass.id}`);
  await officer.locator('tr', { hasText: person.name }).getByRole('checkbox').check();
  const enrolled = answered(officer, 'POST', '/api/v1/enrolment-batches');
  await officer.getByTestId('enrol-submit').click();
  assert.equal((await enrolled).status(), 200);
  await officer.getByTestId('enrol-outcomes').getByText(`${person.name}:已提交`, { exact: false }).waitFor();
  const list = await call(officerToken, 'GET', `/enrolments?class_id=${klass.id}`);
  const enrolment = list.items.find((e) => e.person_id === person.id);
  assert.equal(enrolment.status, 'submitted');

  // The manager returns it: the dialog asks for the reason and will not go without one.
  const manager = await login('ent.manager');
  let item = await inboxItem(manager);
  await item.getByTestId('inbox-return').click();
  const dialog = manager.getByRole('dialog');
  await dialog.getByTestId('return-submit').click();
  await dialog.getByText('请填写退回原因').waitFor();
  await dialog.getByTestId('return-reason').fill(REASON);
  const returned = answered(manager, 'POST', `/api/v1/enrolments/${enrolment.id}/approval`);
  await dialog.getByTestId('return-submit').click();
  const answer = await returned;
  assert.equal(answer.status(), 200);
  const back = await answer.json();
  assert.equal(back.status, 'returned');
  assert.equal(back.return_reason, REASON);
  await item.waitFor({ state: 'detached' });

  // The officer's inbox says what to do, with the reason.
  item = await inboxItem(officer);
  assert.match(await item.textContent(), /退回待重新提交/);
  assert.equal(await item.getByTestId('inbox-reason').textContent(), REASON);

  // On the enrolments screen the returned row shows the reason; the officer resubmits it.
  await officer.goto(`${BASE}/training/enrolments`);
  await officer.getByTestId('returned-alert').getByRole('button').click();
  const row = officer.locator('tr', { hasText: CLASS }).filter({ hasText: person.name });
  await row.waitFor();
  assert.equal(await row.getByTestId('return-reason-text').textContent(), `退回原因:${REASON}`);
  const resubmitted = answered(officer, 'POST', `/api/v1/enrolments/${enrolment.id}/resubmission`);
  await row.getByTestId('resubmit').click();
  assert.equal((await resubmitted).status(), 200);
  // Filtered to returned enrolments, the row leaves the list.
  await row.waitFor({ state: 'detached' });
  await officer.close();

  // Back with the manager, who approves it this time.
  item = await inboxItem(manager);
  const approved = answered(manager, 'POST', `/api/v1/enrolments/${enrolment.id}/approval`);
  await item.getByTestId('inbox-approve').click();
  const approval = await approved;
  assert.equal(approval.status(), 200);
  assert.equal((await approval.json()).status, 'approved');
  await item.waitFor({ state: 'detached' });
  await manager.close();

  const after = await call(officerToken, 'GET', `/enrolments?class_id=${klass.id}`);
  const row2 = after.items.find((e) => e.id === enrolment.id);
  assert.equal(row2.status, 'approved');
  assert.equal(row2.return_reason ?? null, null);
});

test('class management reads back level and teachers and picks the head teacher by name', async () => {
  const { klass, teacher } = setup;
  const staff = await login('assoc.staff');
  await staff.goto(`${BASE}/training/classes/${klass.id}`);
  // Set through the API before the page was opened: the page shows what the server holds.
  await staff.getByTestId('class-level').getByText('中级').waitFor();
  assert.equal(await staff.getByTestId('level-button').textContent(), '培训等级:中级');
  assert.match(await staff.getByTestId('class-teacher').filter({ hasText: teacher.name }).textContent(), new RegExp(teacher.name));
  assert.equal(await staff.getByTestId('class-head-teacher').textContent(), '未设置');

  // The head teacher is picked by name among the head-teacher role holders.
  const candidates = answered(staff, 'GET', `/api/v1/classes/${klass.id}/head-teacher-candidates`);
  await staff.getByTestId('head-teacher-button').click();
  assert.equal((await candidates).status(), 200);
  const dialog = staff.getByRole('dialog');
  await pickOption(staff, dialog.getByTestId('head-teacher-select'), HEAD_TEACHER);
  const saved = answered(staff, 'PUT', `/api/v1/classes/${klass.id}/head-teacher`);
  await dialog.getByRole('button', { name: /保\s?存/ }).click();
  assert.equal((await saved).status(), 204);
  await staff.getByTestId('class-head-teacher').getByText(HEAD_TEACHER).waitFor();

  // Opened again, everything is still there.
  await staff.reload();
  await staff.getByTestId('class-head-teacher').getByText(HEAD_TEACHER).waitFor();
  assert.equal(await staff.getByTestId('head-teacher-button').textContent(), `班主任:${HEAD_TEACHER}`);
  assert.equal(await staff.getByTestId('level-button').textContent(), '培训等级:中级');
  await staff.close();
});

test('the enrolments screen exports the filtered list to Excel, finance exports the fee ledger', async () => {
  const { klass } = setup;
  const staff = await login('assoc.staff');
  await staff.goto(`${BASE}/training/enrolments`);
  await pickOption(staff, staff.getByTestId('enrolments-class'), CLASS);
  await staff.getByTestId('filter-submit').click();
  const exported = staff.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/enrolments/export');
  const xlsx = await downloaded(staff, () => staff.getByTestId('enrolments-export').click());
  const res = await exported;
  assert.equal(res.status(), 200);
  assert.equal(new URL(res.url()).searchParams.get('class_id'), klass.id);
  assert.ok(xlsx.length > 100, `a non-empty file (${xlsx.length} bytes)`);
  assert.equal(xlsx.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'an XLSX file is a zip');
  await staff.close();

  const finance = await login('finance');
  await finance.goto(`${BASE}/training/refunds`);
  const ledger = finance.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/fee-ledger/export');
  const book = await downloaded(finance, () => finance.getByTestId('fee-ledger-export-button').click());
  assert.equal((await ledger).status(), 200);
  assert.equal(book.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'an XLSX file is a zip');
  await finance.close();
});

test('association staff change the fee publicity of a draft plan, amounts typed in yuan', async () => {
  const { plan, staff: staffToken } = setup;
  const phone = `0731-8${String(Date.now()).slice(-7)}`;
  const item = `教材费 ${RUN}`;
  const page = await login('assoc.staff');
  await page.goto(`${BASE}/training/plans`);
  const row = page.locator('tr', { hasText: plan.title });
  await row.getByTestId('plan-edit-fees').click();
  const dialog = page.getByRole('dialog');
  // The form opens with what the plan holds.
  assert.equal(await dialog.getByTestId('plan-complaint-phone').inputValue(), plan.complaint_phone);
  assert.equal(await dialog.getByTestId('fee-row').count(), plan.fees.length);
  await dialog.getByTestId('plan-complaint-phone').fill(phone);
  await dialog.getByTestId('fee-add').click();
  const added = dialog.getByTestId('fee-row').last();
  await added.getByPlaceholder('收费项目').fill(item);
  await added.getByPlaceholder('收费标准(元)').fill('12.5');
  await added.getByPlaceholder('收费依据').fill('湘发改价费〔2025〕18号');
  await added.getByPlaceholder('收费范围').fill('自愿购买教材的学员');
  const saved = answered(page, 'PUT', `/api/v1/plans/${plan.id}/fee-publicity`);
  await dialog.getByTestId('plan-fees-save').click();
  const res = await saved;
  assert.equal(res.status(), 200);
  assert.equal(res.request().headers()['if-match'], `"${plan.version}"`);
  await dialog.waitFor({ state: 'detached' });
  await page.close();

  const after = await call(staffToken, 'GET', `/plans/${plan.id}`);
  assert.equal(after.complaint_phone, phone);
  assert.deepEqual(after.fees.at(-1), { item, amount: 1250, basis: '湘发改价费〔2025〕18号', scope: '自愿购买教材的学员' });
  assert.equal(after.fees.length, plan.fees.length + 1);
});
