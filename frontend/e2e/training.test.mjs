// Browser journey of TR-08 in real Chromium: the enterprise's training officer enrols the demo
// trainee and a colleague in one batch into the upcoming demo class → the training manager
// approves in the inbox → the association's staff confirm → finance records the payment (a wrong
// amount is refused with its rule id first) → the trainee, on a phone, sees the class notice
// with time and place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, answered, fitsPhone, logout, pickOption, useBrowser } from './support.mjs';

const CLASS = '燃气管道巡检员安全技术培训班';
const TRAINEE = '周建华';
const { login } = useBrowser();

const posted = (page, suffix) =>
  page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith(suffix));

/** Opens the inbox and acts on the trainee's item with the button `testId`. */
async function inboxAction(who, testId, suffix, viewport) {
  const page = await login(who, viewport);
  await page.goto(`${BASE}/inbox`);
  const item = page.locator('[data-testid=inbox-item]', { hasText: TRAINEE });
  await item.waitFor();
  if (viewport) await fitsPhone(page, { width: viewport.width, what: 'the inbox fits a phone' });
  const answer = posted(page, suffix);
  await item.getByTestId(testId).click();
  assert.equal((await answer).status(), 200);
  await item.waitFor({ state: 'detached' });
  await logout(page);
}

test('officer submits → manager approves → association confirms → finance pays → the trainee sees the class notice', async () => {
  // The enterprise's training officer enrols the trainee.
  const officer = await login('ent.officer');
  await officer.getByRole('link', { name: '报名', exact: true }).click();
  await pickOption(officer, officer.getByTestId('enrol-class'), CLASS);
  // A batch of two: the trainee and a colleague.
  for (const name of [TRAINEE, '陈晓燕']) {
    await officer.locator('tr', { hasText: name }).getByRole('checkbox').check();
  }
  const enrolled = answered(officer, 'POST', '/api/v1/enrolment-batches');
  await officer.getByTestId('enrol-submit').click();
  assert.equal((await enrolled).status(), 200);
  const outcomes = officer.getByTestId('enrol-outcomes');
  await outcomes.getByText(`${TRAINEE}:已提交`, { exact: false }).waitFor();
  await outcomes.getByText('陈晓燕:已提交', { exact: false }).waitFor();
  await logout(officer);

  // Two levels (TR-07): the training manager approves; then the association confirms.
  await inboxAction('ent.manager', 'inbox-approve', '/approval', PHONE);
  await inboxAction('assoc.staff', 'inbox-confirm', '/confirmation');

  // Finance records the fee; an amount other than the published one is refused (TR-08).
  const finance = await login('finance');
  await finance.getByTestId('nav-menu').getByRole('link', { name: '待办审批' }).click();
  const item = finance.locator('[data-testid=inbox-item]', { hasText: TRAINEE });
  await item.getByTestId('inbox-pay').click();
  const dialog = finance.getByRole('dialog');
  await dialog.getByLabel('考试费(元)').fill('0');
  await pickOption(finance, dialog.getByTestId('payment-method'), '银行转账');
  await dialog.getByLabel('收据号').fill('HN-E2E-0001');
  const wrong = posted(finance, '/payment');
  await dialog.getByTestId('payment-save').click();
  assert.equal((await wrong).status(), 422);
  await finance.locator('.ant-message').getByText('TR-08', { exact: false }).waitFor();
  await dialog.getByLabel('考试费(元)').fill('200');
  const right = posted(finance, '/payment');
  await dialog.getByTestId('payment-save').click();
  assert.equal((await right).status(), 200);
  await item.waitFor({ state: 'detached' });
  await logout(finance);

  // The trainee, on a phone, sees the notice with time and place.
  const trainee = await login('trainee', PHONE);
  await trainee.goto(`${BASE}/my-classes`);
  const notice = trainee.getByTestId('class-notice');
  await notice.waitFor();
  assert.match(await trainee.getByTestId('notice-venue').textContent(), /麓谷大道627号/);
  assert.match(await trainee.getByTestId('notice-time').textContent(), /\d{4}-\d{2}-\d{2} 09:00/);
  await fitsPhone(trainee);
  await logout(trainee);
});
