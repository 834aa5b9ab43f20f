// Browser journey in real Chromium (Debian's package, driven by playwright-core): the
// association admin enters a person with a wrong ID check digit, sees the field error,
// corrects it, finds the person with the number masked, and logs out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    // playwright gives every launch a fresh, empty profile directory.
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await browser?.close();
});

test('association admin enters a person, corrects the ID number, finds it masked, logs out', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  await page.goto(BASE);
  await page.getByTestId('login').fill('assoc.admin');
  await page.getByTestId('password').fill('Demo-Pass-2026');
  await page.getByTestId('login-submit').click();

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
  await dialog.getByTestId('person-employer').click();
  await page.locator('.ant-select-item-option', { hasText: '湖南省特种设备检验检测研究院' }).first().click();

  const firstTry = page.waitForResponse((r) => r.url().endsWith('/api/v1/persons') && r.request().method() === 'POST');
  await dialog.getByTestId('person-save').click();
  assert.equal((await firstTry).status(), 422);
  await dialog.getByText('身份证号校验位错误').waitFor();

  await dialog.getByTestId('person-national-id').fill('11010519491231002X');
  const secondTry = page.waitForResponse((r) => r.url().endsWith('/api/v1/persons') && r.request().method() === 'POST');
  await dialog.getByTestId('person-save').click();
  assert.equal((await secondTry).status(), 201);
  await dialog.waitFor({ state: 'hidden' });

  await page.getByTestId('filter-name').fill('林秀英');
  await page.getByTestId('filter-submit').click();
  const row = page.locator('tr', { hasText: '林秀英' });
  await row.waitFor();
  assert.equal(await row.getByTestId('masked-id').textContent(), '110105********002X');
  assert.equal(await page.getByText('11010519491231002X').count(), 0, 'the full number is not shown in the list');

  await page.getByTestId('logout').click();
  await page.getByTestId('login-submit').waitFor();
  await page.close();
});

test('the shell is usable at phone width', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 740 }, locale: 'zh-CN' });
  await page.goto(BASE);
  await page.getByTestId('login').fill('practitioner');
  await page.getByTestId('password').fill('Demo-Pass-2026');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
  // eslint-disable-next-line no-undef -- runs in the page, where document exists
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375 + 1, `no horizontal overflow at phone width (was ${width}px)`);
  await page.close();
});
