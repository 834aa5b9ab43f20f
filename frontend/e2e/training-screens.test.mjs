// Browser checks of the training screens in real Chromium. Setup goes through the API: the
// association's staff schedule a class with two sessions and a head teacher, list it in the
// plan of its year and publish the plan (TR-06); the demo practitioner 何明 enrols himself and
// pays (TR-08/09); the unpaid trainee is a third employee of the demo enterprise (neither the
// demo trainee 周建华 nor 陈晓燕, whom the enrolment journey uses), enrolled by its training
// officer, approved and confirmed, who does not pay. Then:
//  - logged out, the public plan page (reached from the login page) shows the class with its
//    training fee and exam fee apart, and the fee publicity with the complaint phone;
//  - the head teacher, on a phone, marks 何明 present, cannot mark the unpaid trainee present
//    (TR-09, with the reason shown) and shows the sign-in QR code (TR-19);
//  - 何明, on a phone, sees the sessions in "my classes" and signs in to the second session
//    with the code shown in class.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, RUN, answered, call, fitsPhone, organizationOf, scheduleClass, shanghaiYear, token, useBrowser } from './support.mjs';

const CLASS = `压力管道巡检员培训班(E2E ${RUN})`;
const PHONE_NO = '0731-84561234';
const { login, newPage } = useBrowser();
let setup;

before(async () => {
  const staff = await token('assoc.staff');
  const staffMe = await call(staff, 'GET', '/me');
  const association = organizationOf(staffMe, 'association');
  const courses = await call(staff, 'GET', '/courses?limit=200');
  const course = courses.items.find((c) => c.name === '燃气管道安全技术规范') ?? courses.items[0];
  // Attendance and sign-in are taken on the session's day (Beijing time), so the class starts
  // in a few minutes and its two sessions are a minute each — all on today's date unless the
  // run begins in the last minutes before midnight in Beijing.
  const start = new Date(Math.ceil((Date.now() + 5 * 60_000) / 60_000) * 60_000);
  const klass = await scheduleClass(staff, { course, name: CLASS, start, venue: '长沙市岳麓区麓谷大道627号 302教室', capacity: 40, training_fee: 60_000, exam_fee: 15_000 });
  const sessions = [];
  for (const [from, to] of [
    [0, 1],
    [1, 2],
  ]) {
    sessions.push(
      await call(staff, 'POST', `/classes/${klass.id}/sessions`, {
        starts_at: new Date(start.getTime() + from * 60_000).toISOString(),
        ends_at: new Date(start.getTime() + to * 60_000).toISOString(),
      }),
    );
  }
  const head = await token('head.teacher');
  const headMe = await call(head, 'GET', '/me');
  await call(staff, 'PUT', `/classes/${klass.id}/head-teacher`, { user_id: headMe.user.id });

  // The plan of the class's year, drafted with its fee publicity if there is none yet.
  const year = shanghaiYear(start);
  const overview = await call(staff, 'GET', `/plans?association_id=${association}`);
  let plan = overview.items.find((p) => p.year === year);
  if (!plan) {
    plan = await call(staff, 'POST', '/plans', {
      association_id: association,
      year,
      title: `${year}年度特种设备作业人员培训计划`,
      complaint_phone: PHONE_NO,
      fees: [
        { item: '培训费', amount: 60_000, basis: '湘发改价费〔2025〕18号', scope: '参加培训的学员(按人次)' },
        { item: '考试费', amount: 15_000, basis: '湘发改价费〔2025〕18号', scope: '参加考试的学员(按科次)' },
      ],
    });
  }
  plan = await call(staff, 'POST', `/plans/${plan.id}/classes`, { class_id: klass.id });
  if (plan.status === 'draft') plan = await call(staff, 'POST', `/plans/${plan.id}/publication`);

  // 何明 enrols himself and pays; the unpaid trainee comes below.
  const finance = await token('finance');
  const enrolSelf = async (login) => {
    const tok = await token(login);
    const me = await call(tok, 'GET', '/me');
    return call(tok, 'POST', '/enrolments', { class_id: klass.id, person_id: me.person_id });
  };
  const paid = await enrolSelf('practitioner');
  await call(staff, 'POST', `/enrolments/${paid.id}/confirmation`);
  await call(finance, 'POST', `/enrolments/${paid.id}/payment`, { training_fee: 60_000, exam_fee: 15_000, payer: '何明', method: '微信支付', receipt_no: `E2E-${RUN}` });
  // The unpaid one: a colleague of the demo trainee, entered by the enterprise's officer,
  // approved by its manager and confirmed by the association (not 周建华 or 陈晓燕, whom the
  // enrolment journey test enrols and looks for in the inboxes).
  const officer = await token('ent.officer');
  const officerMe = await call(officer, 'GET', '/me');
  const enterprise = organizationOf(officerMe, 'enterprise');
  const staffList = await call(officer, 'GET', `/persons?employer_id=${enterprise}&limit=200`);
  const colleague = staffList.items.find((p) => !['周建华', '陈晓燕'].includes(p.name));
  assert.ok(colleague, 'the demo enterprise has a third employee');
  const unpaid = await call(officer, 'POST', '/enrolments', { class_id: klass.id, person_id: colleague.id });
  await call(await token('ent.manager'), 'POST', `/enrolments/${unpaid.id}/approval`, { decision: 'approve' });
  await call(staff, 'POST', `/enrolments/${unpaid.id}/confirmation`);

  setup = { klass, sessions, plan, head, unpaidName: colleague.name };
});

test('logged out, the public plan page shows the class with both fees and the fee publicity', async () => {
  const page = await newPage();
  await page.goto(BASE);
  await page.getByTestId('public-plans-link').click();
  await page.waitForURL(/\/public\/plans$/);
  await page.getByTestId('public-plan-link').filter({ hasText: setup.plan.title }).click();
  const card = page.getByTestId('public-class').filter({ hasText: CLASS });
  await card.waitFor();
  assert.equal(await card.getByTestId('public-training-fee').textContent(), '¥600.00');
  assert.equal(await card.getByTestId('public-exam-fee').textContent(), '¥150.00');
  assert.match(await card.textContent(), /麓谷大道627号 302教室/);
  const fees = page.getByTestId('fee-publicity');
  for (const fee of setup.plan.fees) {
    const row = fees.locator('tr', { hasText: fee.item });
    assert.match(await row.textContent(), new RegExp(`¥${(fee.amount / 100).toFixed(2)}`));
    assert.match(await row.textContent(), new RegExp(fee.basis.replace(/[()〔〕]/g, '.')));
  }
  assert.match(await page.getByTestId('complaint-phone').textContent(), new RegExp(setup.plan.complaint_phone));
  // Still logged out: the way in is the login button (Ant Design spaces two-character labels).
  assert.equal((await page.getByTestId('public-enter').textContent()).replace(/\s/g, ''), '登录');
  await page.close();
});

test('the head teacher marks attendance on a phone, the trainee signs in on a phone', async () => {
  const head = await login('head.teacher', PHONE);
  await head.goto(`${BASE}/training/classes/${setup.klass.id}/attendance`);
  const paidRow = head.getByTestId('attendance-row').filter({ hasText: '何明' });
  const unpaidRow = head.getByTestId('attendance-row').filter({ hasText: setup.unpaidName });
  await paidRow.waitFor();
  // TR-09: the unpaid trainee cannot be marked present, and the screen says why.
  assert.equal(await unpaidRow.getByTestId('mark-present').isDisabled(), true);
  assert.equal(await unpaidRow.getByTestId('unpaid-reason').textContent(), '未缴费,不能登记出勤');
  // A mark is never changed: the head teacher confirms it, seeing whom and which session.
  await paidRow.getByTestId('mark-present').click();
  const confirm = head.getByTestId('attendance-confirm');
  await confirm.waitFor();
  assert.match(await confirm.textContent(), /何明/);
  assert.match(await confirm.textContent(), /出勤/);
  assert.match(await confirm.textContent(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  const marked = answered(head, 'POST', `/api/v1/sessions/${setup.sessions[0].id}/attendance`);
  await head.getByTestId('attendance-confirm-ok').click();
  assert.equal((await marked).status(), 201);
  assert.equal(await paidRow.getByTestId('attendance-result').textContent(), '已出勤');
  // Opened again (another visit, another phone), the screen reads the record back.
  await head.reload();
  await paidRow.getByTestId('attendance-result').waitFor();
  assert.equal(await paidRow.getByTestId('attendance-result').textContent(), '已出勤');
  assert.equal(await paidRow.getByTestId('mark-present').count(), 0);
  // The sign-in QR code of the session (TR-19).
  const code = head.waitForResponse((r) => new URL(r.url()).pathname === `/api/v1/sessions/${setup.sessions[0].id}/sign-in-code`);
  await head.getByTestId('show-qr').click();
  assert.equal((await code).status(), 200);
  await head.getByTestId('sign-in-qr').waitFor();
  // Ant Design's QRCode, drawn as SVG: the background path and the dark modules' path.
  assert.equal(await head.getByTestId('sign-in-qr').locator('svg path').count(), 2);
  assert.equal(await head.getByTestId('sign-in-qr').getAttribute('data-status'), 'active');
  await fitsPhone(head);
  await head.close();

  // The code shown in class for the second session, pasted by the trainee.
  const shown = await call(setup.head, 'GET', `/sessions/${setup.sessions[1].id}/sign-in-code`);
  const trainee = await login('practitioner', PHONE);
  await trainee.goto(`${BASE}/my-classes`);
  const card = trainee.getByTestId('my-class').filter({ hasText: CLASS });
  await card.waitFor();
  const sessions = card.getByTestId('my-session');
  assert.equal(await sessions.count(), 2);
  assert.match(await sessions.nth(0).textContent(), /已签到/);
  await sessions.nth(1).getByTestId('sign-in').click();
  await trainee.getByTestId('sign-in-input').fill(shown.code);
  const signed = answered(trainee, 'POST', `/api/v1/sessions/${setup.sessions[1].id}/sign-in`);
  await trainee.getByRole('dialog').getByRole('button', { name: /^签\s?到$/ }).click();
  assert.equal((await signed).status(), 200);
  // The answer names the class and the session signed into.
  const told = trainee.locator('.ant-message-notice').filter({ hasText: '已签到' });
  await told.waitFor();
  assert.match(await told.textContent(), new RegExp(CLASS.replace(/[()]/g, '.')));
  assert.match(await told.textContent(), /课次 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await sessions.nth(1).getByText('已签到').waitFor();
  await trainee.getByRole('dialog').waitFor({ state: 'detached' });
  await fitsPhone(trainee);
  await trainee.close();
});
