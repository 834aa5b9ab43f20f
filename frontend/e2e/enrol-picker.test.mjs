// The enrolment picker searches and pages on the server (issue 14): the demo enterprise gets
// 350 more employees through the API, and its training officer finds the 350th by name, ticks
// them and enrols them into a class of the association; once enrolled, the person shows as
// already enrolled and cannot be ticked again.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PHONE, RUN, call, nationalId, nineOClock, organizationOf, scheduleClass, token, useBrowser } from './support.mjs';

const COUNT = 350;
const nameOf = (n) => `批量员工${n}${RUN}`;
const { login } = useBrowser();
let klass;

before(async () => {
  const staff = await token('assoc.staff');
  const courses = await call(staff, 'GET', '/courses?limit=200');
  klass = await scheduleClass(staff, { course: courses.items[0], name: `起重机械指挥培训班(E2E 选人 ${RUN})`, start: nineOClock(30), venue: '长沙市雨花区 培训楼101' });
  const officer = await token('ent.officer');
  const enterprise = organizationOf(await call(officer, 'GET', '/me'), 'enterprise');
  // A birth day of this run's own, so that ID numbers differ from earlier runs' on the same server.
  const birth = new Date(Date.UTC(1975, 0, 1) + (Number.parseInt(RUN, 36) % 7000) * 86_400_000).toISOString().slice(0, 10);
  const add = (n) =>
    call(officer, 'POST', '/persons', {
      name: nameOf(n),
      gender: n % 2 ? 'male' : 'female',
      birth_date: birth,
      national_id: nationalId('430105', birth, n),
      employer_id: enterprise,
      post: '起重机械指挥',
      post_since: '2020-03-01',
    });
  for (let n = 1; n <= COUNT; n += 10) {
    await Promise.all(Array.from({ length: Math.min(10, COUNT - n + 1) }, (_, i) => add(n + i)));
  }
});

test('the officer finds the 350th employee by name and enrols them, on a phone', async () => {
  const page = await login('ent.officer', PHONE);
  await page.goto(`${BASE}/training/enrol?class=${klass.id}`);
  const search = page.getByTestId('enrol-search').locator('input');
  await search.fill(nameOf(COUNT));
  await search.press('Enter');
  const row = page.getByTestId('enrol-person').filter({ hasText: nameOf(COUNT) });
  await row.waitFor();
  assert.equal(await page.getByTestId('enrol-person').count(), 1, 'the search found exactly that person');
  await row.locator('input[type=checkbox]').check();
  await page.getByTestId('enrol-submit').click();
  await page.getByTestId('enrol-outcomes').getByText(nameOf(COUNT)).waitFor();
  // Now in the class: greyed out, marked, not to be ticked again.
  await row.getByTestId('already-enrolled').waitFor();
  assert.equal(await row.getAttribute('data-enrolled'), 'true');
  assert.ok(await row.locator('input[type=checkbox]').isDisabled());
  await page.close();
});
