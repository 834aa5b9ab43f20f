// What the browser tests (e2e/*.test.mjs) share: the server under test and the demo password,
// the API calls they set their data up with, the Shanghai dates and resident ID numbers that
// data needs, and Debian's Chromium (driven by playwright-core) with pages logged in through
// the UI. Not a test itself: `npm run e2e` runs e2e/*.test.mjs, and each of those files runs
// in a process of its own, with its own browser and its own RUN.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';

export const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8080';
/** The password of every demo account, and of the users the tests create. */
export const PASSWORD = 'Demo-Pass-2026';
export const PHONE = { width: 375, height: 740 };
export const DESKTOP = { width: 1280, height: 900 };
/** Tells the records of this run of a test file from those of earlier runs on the same server. */
export const RUN = Date.now().toString(36);

// --- The API ---------------------------------------------------------------------------------

/** Signs `login` in through the API and returns its access token. */
export async function token(login) {
  const res = await fetch(`${BASE}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD }),
  });
  assert.equal(res.status, 200, `login ${login}`);
  return (await res.json()).access_token;
}

/** An API request as `tok`, with `body` as JSON when there is one; the response as it comes. */
export async function send(tok, method, path, body) {
  return fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${tok}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
}

/** An API request that must succeed: its JSON answer, or undefined when the answer is empty. */
export async function call(tok, method, path, body) {
  const res = await send(tok, method, path, body);
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The caller's organization of this kind ('association', 'enterprise'), from its GET /me. */
export const organizationOf = (me, kind) => me.memberships.find((m) => m.organization_kind === kind).organization_id;

/**
 * Schedules, as the association's staff `staff`, a class of `course` on the day of `start`,
 * from `start` for eight hours; the fees in fen.
 */
export async function scheduleClass(staff, { course, name, start, venue, capacity = 30, training_fee = 50_000, exam_fee = 10_000 }) {
  return call(staff, 'POST', '/classes', {
    course_id: course.id,
    name,
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + 8 * 3_600_000).toISOString(),
    venue,
    capacity,
    training_fee,
    exam_fee,
  });
}

// --- Dates and ID numbers --------------------------------------------------------------------

/** Today in Asia/Shanghai, as YYYY-MM-DD. */
export const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** The year, in Asia/Shanghai, of the instant `d`. */
export const shanghaiYear = (d) => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(d));

/** 09:00 Asia/Shanghai, `days` from today there. */
export function nineOClock(days) {
  const at = new Date(`${today()}T09:00:00+08:00`);
  return new Date(at.getTime() + days * 86_400_000);
}

/** A resident ID number (GB 11643) with its check digit; an odd sequence is a man's. */
export function nationalId(region, birth, seq) {
  const first17 = `${region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

// --- The browser -----------------------------------------------------------------------------

/**
 * Launches Chromium ($CHROMIUM, else Debian's /usr/bin/chromium) before the test file's tests
 * and closes it after them. Call it at the top of the file, before the file's own `before`:
 * hooks run in the order they are registered, so the browser is up before the file's setup
 * runs. Returns the ways to open a page in it.
 */
export function useBrowser() {
  let browser;
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      // playwright gives every launch a fresh, empty profile directory.
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
  });

  /** A new page, logged out, in Chinese; it accepts downloads (playwright's default too). */
  const newPage = (viewport = DESKTOP) => browser.newPage({ viewport, locale: 'zh-CN', acceptDownloads: true });

  /** A new page logged in as `who` through the login form, once the shell shows the avatar menu. */
  async function login(who, viewport = DESKTOP) {
    const page = await newPage(viewport);
    await page.goto(BASE);
    await page.getByTestId('login').fill(who);
    await page.getByTestId('password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('avatar').waitFor();
    return page;
  }

  return { newPage, login };
}

// --- Pages -----------------------------------------------------------------------------------

/** Logs out through the shell's avatar menu, waits for the login form and closes the page. */
export async function logout(page) {
  await page.getByTestId('avatar').click();
  await page.getByTestId('logout').click();
  await page.getByTestId('login-submit').waitFor();
  await page.close();
}

/**
 * Asserts the page does not scroll sideways at `width` (a phone's, unless told), saying `what`
 * is checked. With `culprits`, the failure names the innermost elements that stick out (tables
 * aside, which scroll by design).
 */
export async function fitsPhone(page, { width = PHONE.width, what = 'no horizontal overflow at phone width', culprits = false } = {}) {
  // eslint-disable-next-line no-undef -- runs in the page, where document exists
  const scrolled = await page.evaluate(() => document.documentElement.scrollWidth);
  if (culprits && scrolled > width + 1) {
    const wide = await page.evaluate((w) =>
      // eslint-disable-next-line no-undef -- runs in the page, where document exists
      [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > w + 1 && !el.closest('table'))
        .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > w + 1))
        .slice(0, 8)
        .map((el) => `${el.tagName}.${String(el.className).slice(0, 60)}`),
    width);
    assert.fail(`${what} (was ${scrolled}px: ${wide.join(', ')})`);
  }
  assert.ok(scrolled <= width + 1, `${what} (was ${scrolled}px)`);
}

/** The response to the page's next `method` request whose path, the query aside, is `path`. */
export const answered = (page, method, path) => page.waitForResponse((r) => r.request().method() === method && new URL(r.url()).pathname === path);

/** The bytes of the file that `click` makes the page download. */
export async function downloaded(page, click) {
  const file = page.waitForEvent('download');
  await click();
  const path = await (await file).path();
  return readFile(path);
}

// --- Ant Design widgets -----------------------------------------------------------------------

/**
 * Picks the option showing `label` in an Ant Design Select: `select` is the locator clicked to
 * open it, typed into with `search` first when given. A dropdown opened while a dialog or a form
 * is still animating in can move or close under the click (seen on this 2-core machine: the
 * option "not stable" or "not visible" until the test's time ran out), so a pick that does not
 * take is tried again, reopening the dropdown only when none is open, at most three times. In a
 * multiple Select the dropdown stays open: the next pick clicks its option without reopening.
 */
export async function pickOption(page, select, label, { search } = {}) {
  const option = page
    .locator('.ant-select-dropdown:visible')
    .last()
    .locator('.ant-select-item-option', { hasText: label })
    .first();
  for (let tries = 1; ; tries++) {
    if ((await page.locator('.ant-select-dropdown:visible').count()) === 0) await select.click();
    if (search) await select.locator('input').fill(search);
    try {
      await option.click({ timeout: 5000 });
      return;
    } catch (e) {
      if (tries === 3) throw e;
    }
  }
}
