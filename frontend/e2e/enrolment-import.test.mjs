// Browser check, in real Chromium, of the enrolment sheet import (TR-08). Setup goes through
// the API: the association's staff schedule a class of their own; the enterprise's training
// officer enters a new employee (so the test knows the full ID number, which lists never show).
// Then the officer, on a phone, on the enrolment screen:
//  - downloads the template sheet (the two column headers the server looks for);
//  - uploads a CSV whose line 2 names an ID number nobody has and whose line 3 is the new
//    employee: all or nothing (the default) answers 422 and the report shows line 2 refused
//    with its reason and line 3 not imported; nothing is enrolled;
//  - switches to "import the good rows" and uploads the same file: line 3 is submitted, line 2
//    refused again; the class has exactly that one enrolment, waiting for the training manager.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
const PASSWORD = 'Demo-Pass-2026';
const PHONE = { width: 375, height: 740 };
const RUN = Date.now().toString(36);
const CLASS = `电梯安全管理员培训班(导入 E2E ${RUN})`;
const NAME = `导入测试员${RUN}`;
let browser;
let setup;

async function token(login) {
  const res = await fetch(`${BASE}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  assert.equal(res.status, 200, `login ${login}`);
  return (await res.json()).access_token;
}

async function call(tok, method, path, body) {
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${tok}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** 09:00 Asia/Shanghai, `days` from today there. */
function nineOClock(days) {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const at = new Date(`${today}T09:00:00+08:00`);
  return new Date(at.getTime() + days * 86_400_000);
}

/** A resident ID number (GB 11643) with its check digit; an odd sequence is a man's. */
function nationalId(region, birth, seq) {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });

  const staff = await token('assoc.staff');
  const courses = await call(staff, 'GET', '/courses?limit=200');
  const start = nineOClock(30);
  const klass = await call(staff, 'POST', '/classes', {
    course_id: courses.items[0].id,
    name: CLASS,
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + 8 * 3_600_000).toISOString(),
    venue: '长沙市岳麓区麓谷大道627号 306教室',
    capacity: 30,
    training_fee: 50_000,
    exam_fee: 10_000,
  });

  // A new employee of the officer's enterprise, and an ID number nobody has.
  const officer = await token('ent.officer');
  const me = await call(officer, 'GET', '/me');
  const enterprise = me.memberships.find((m) => m.organization_kind === 'enterprise').organization_id;
  const seq = (Date.now() % 450) * 2 + 101;
  const goodId = nationalId('430104', '1988-03-15', seq);
  const person = await call(officer, 'POST', '/persons', { name: NAME, gender: 'male', birth_date: '1988-03-15', national_id: goodId, employer_id: enterprise, post: '电梯安全管理员' });
  const unknownId = nationalId('430104', '1988-03-16', seq);
  const csv = `\uFEFF姓名,身份证号\r\n查无此人,${unknownId}\r\n${NAME},${goodId}\r\n`;

  setup = { klass, person, officer, csv };
});

after(async () => {
  await browser?.close();
});

async function login(who, viewport) {
  const page = await browser.newPage({ viewport, locale: 'zh-CN', acceptDownloads: true });
  await page.goto(BASE);
  await page.getByTestId('login').fill(who);
  await page.getByTestId('password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('logout').waitFor();
  return page;
}

async function fitsPhone(page) {
  // eslint-disable-next-line no-undef -- runs in the page, where document exists
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width + 1, `no horizontal overflow at phone width (was ${width}px)`);
}

/** Uploads the sheet and returns the import's answer. */
async function upload(page, csv) {
  const path = `/api/v1/classes/${setup.klass.id}/enrolment-imports`;
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === path);
  await page
    .getByTestId('enrol-import')
    .locator('input[type=file]')
    .setInputFiles({ name: '报名名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  return answered;
}

/** The report row of a line of the sheet. */
const row = (page, line) => page.getByTestId('enrol-import-report').locator(`[data-testid=import-row][data-line="${line}"]`);

test('the officer imports a sheet on a phone: all or nothing enrols nobody, good rows enrols the good one', async () => {
  const { klass, person, officer: officerToken, csv } = setup;
  const page = await login('ent.officer', PHONE);
  await page.goto(`${BASE}/training/enrol?class=${klass.id}`);
  const card = page.getByTestId('enrol-import');
  await card.waitFor();

  // The template carries the two headers.
  const file = page.waitForEvent('download');
  await page.getByTestId('enrol-import-template').click();
  const template = await readFile(await (await file).path(), 'utf8');
  assert.equal(template, '\uFEFF姓名,身份证号\r\n');

  // All or nothing (the default): refused as a whole, the bad line named with its reason.
  const first = await upload(page, csv);
  assert.equal(first.status(), 422);
  assert.equal(new URL(first.url()).searchParams.get('mode'), 'all_or_nothing');
  await row(page, 2).waitFor();
  assert.equal(await row(page, 2).getAttribute('data-outcome'), 'rejected');
  assert.equal(await row(page, 2).getByTestId('import-person').textContent(), '查无此人');
  assert.match(await row(page, 2).getByTestId('import-reason').textContent(), /无此人员/);
  assert.equal(await row(page, 3).getAttribute('data-outcome'), 'held');
  assert.equal(await row(page, 3).getByTestId('import-person').textContent(), NAME);
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
  await row(page, 3).and(page.locator('[data-outcome=enrolled]')).waitFor();
  assert.equal(await row(page, 2).getAttribute('data-outcome'), 'rejected');
  assert.match(await page.getByTestId('enrol-import-summary').textContent(), /已提交 1 人,1 行未通过/);
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
