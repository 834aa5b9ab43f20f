// Browser journey in real Chromium (Debian's package, driven by playwright-core): the
// association admin enters a person with a wrong ID check digit, sees the field error,
// corrects it, finds the person with the number masked, and logs out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, answered, fitsPhone, logout, pickOption, useBrowser } from './support.mjs';

const { login } = useBrowser();

test('association admin enters a person, corrects the ID number, finds it masked, logs out', async () => {
  const page = await login('assoc.admin');

  await page.getByRole('link', { name: '人员' }).click();
  await page.getByTestId('person-new').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('person-name').fill('林秀英');
  await dialog.getByTestId('gender-female').check();
  const birth = dialog.getByTestId('person-birth');
  await birth.click();
  await birth.fill('1949-12-31');
  await birth.press('Enter');
  await dialog.getByTestId('person-national-id').fill('110105194912310028');
  await pickOption(page, dialog.getByTestId('person-employer'), '湖南省特种设备检验检测研究院');

  const firstTry = answered(page, 'POST', '/api/v1/persons');
  await dialog.getByTestId('person-save').click();
  assert.equal((await firstTry).status(), 422);
  await dialog.getByText('身份证号校验位错误').waitFor();

  await dialog.getByTestId('person-national-id').fill('11010519491231002X');
  const secondTry = answered(page, 'POST', '/api/v1/persons');
  await dialog.getByTestId('person-save').click();
  assert.equal((await secondTry).status(), 201);
  await dialog.waitFor({ state: 'hidden' });

  await page.getByTestId('filter-name').fill('林秀英');
  await page.getByTestId('filter-submit').click();
  const row = page.locator('tr', { hasText: '林秀英' });
  await row.waitFor();
  assert.equal(await row.getByTestId('masked-id').textContent(), '110105********002X');
  assert.equal(await page.getByText('11010519491231002X').count(), 0, 'the full number is not shown in the list');

  await logout(page);
});

test('the shell is usable at phone width', async () => {
  const page = await login('practitioner', PHONE);
  await fitsPhone(page);
  await page.close();
});
