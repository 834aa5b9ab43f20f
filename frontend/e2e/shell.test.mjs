// The shell in real Chromium (issue 14): on a phone the trainee's menu is an overlay drawer
// that closes once a screen is tapped, and the class notice gets the page's width; "my classes"
// opened directly paints without Ant Design and hands over to the full app from its menu; the
// regulator is offered no "new person"; a list the caller may not read shows an error, not an
// empty table. Setup through the API: the association's staff schedule a class, the demo
// practitioner 何明 enrols himself, the staff confirm and finance records the fee, so the class
// notice is out (TR-08).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, RUN, call, nineOClock, scheduleClass, token, useBrowser } from './support.mjs';

const CLASS = `电梯安全管理员培训班(E2E 外壳 ${RUN})`;
const { login } = useBrowser();

before(async () => {
  const staff = await token('assoc.staff');
  const courses = await call(staff, 'GET', '/courses?limit=200');
  const klass = await scheduleClass(staff, { course: courses.items[0], name: CLASS, start: nineOClock(25), venue: '长沙市天心区芙蓉南路一段 报告厅' });
  const trainee = await token('practitioner');
  const me = await call(trainee, 'GET', '/me');
  const enrolment = await call(trainee, 'POST', '/enrolments', { class_id: klass.id, person_id: me.person_id });
  await call(staff, 'POST', `/enrolments/${enrolment.id}/confirmation`);
  await call(await token('finance'), 'POST', `/enrolments/${enrolment.id}/payment`, {
    training_fee: klass.training_fee,
    exam_fee: klass.exam_fee,
    payer: '何明',
    method: '微信支付',
    receipt_no: `E2E-SHELL-${RUN}`,
  });
});

test("on a phone the trainee's menu closes after a tap and the class notice is readable", async () => {
  const page = await login('practitioner', PHONE);
  await page.getByTestId('workbench').waitFor();
  await page.getByTestId('nav-open').click();
  const drawer = page.locator('.ant-drawer-content-wrapper');
  await drawer.waitFor({ state: 'visible' });
  await drawer.getByRole('link', { name: '我的培训' }).click();
  await drawer.waitFor({ state: 'hidden' });
  assert.equal(new URL(page.url()).pathname, '/my-classes');

  const card = page.getByTestId('my-class').filter({ hasText: CLASS });
  const notice = card.getByTestId('class-notice');
  await notice.waitFor();
  const box = await notice.boundingBox();
  assert.ok(box && box.width >= 300, `the notice box is ${box?.width}px wide at a ${PHONE.width}px phone`);
  await page.close();
});

test('opened directly on a phone, "my classes" comes without Ant Design, and its menu button hands over to the full app', async () => {
  const page = await login('practitioner', PHONE);
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto(`${BASE}/my-classes`);
  await page.getByTestId('trainee-frame').waitFor();
  const card = page.getByTestId('my-class').filter({ hasText: CLASS });
  await card.getByTestId('class-notice').waitFor();
  // Nothing of Ant Design was fetched or drawn for the page (decision 270).
  assert.equal(await page.locator('[class*="ant-"]').count(), 0);
  assert.deepEqual(fetched.filter((p) => /\/(App|Shell|AntdProvider|antd)-/.test(p)), []);
  // The menu button: the full app takes over at the same address with its drawer open.
  await page.getByTestId('nav-open').click();
  const drawer = page.locator('.ant-drawer-content-wrapper');
  await drawer.waitFor({ state: 'visible' });
  assert.equal(new URL(page.url()).pathname, '/my-classes');
  await drawer.getByRole('link', { name: '工作台' }).click();
  await page.getByTestId('workbench').waitFor();
  await drawer.waitFor({ state: 'hidden' });
  await page.close();
});

test('the regulator sees the people but no "new person" or import button', async () => {
  const page = await login('regulator.city', PHONE);
  await page.goto(`${BASE}/persons`);
  await page.locator('.ant-table-row').first().waitFor();
  assert.equal(await page.getByTestId('person-new').count(), 0);
  assert.equal(await page.getByRole('button', { name: '批量导入' }).count(), 0);
  await page.close();
});

test('a list the caller may not read shows an error state, not an empty table', async () => {
  const page = await login('practitioner', PHONE);
  await page.goto(`${BASE}/audit`);
  const error = page.getByTestId('list-error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-status'), '403');
  assert.match(await error.textContent(), /无权查看/);
  await page.close();
});
