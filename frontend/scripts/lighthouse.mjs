// Lighthouse (mobile, default throttling) on the pages issue 14 names, against a running
// `seforce serve`: the login page, the public plan page and the trainee's "my classes" (signed
// in through the login page first; the storage is kept for the audit). Not a test: figures for
// docs/BENCHMARKS.md. Lighthouse is not a dependency of the app; install it beside:
//   npm install --prefix /tmp/lh lighthouse@12.8.2
//   LIGHTHOUSE_DIR=/tmp/lh BASE=http://127.0.0.1:18181 node scripts/lighthouse.mjs [runs]
// PAGES=my-classes (a comma list of login, public-plans, my-classes) audits only those; COLD=1
// empties the HTTP cache before each audit. Each
// run's report is kept as /tmp/lh-<page>-<run>.json; the table gives the load average before
// each audit (the machine is shared: the blocking time grows with the other jobs' load).
// On a fresh demo server it first publishes a plan of three classes and enrols the demo trainee
// in one (paid), so the pages measured show what they show in use, not their empty states.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';

const dir = process.env.LIGHTHOUSE_DIR ?? '/tmp/lh';
const require = createRequire(`${dir}/node_modules/`);
const { default: lighthouse } = await import(require.resolve('lighthouse'));
const puppeteer = await import(require.resolve('puppeteer-core'));

const BASE = process.env.BASE ?? 'http://127.0.0.1:18181';
const RUNS = Number(process.argv[2] ?? 1);
const PAGES = (process.env.PAGES ?? 'login,public-plans,my-classes').split(',');
// COLD=1: every audit starts with an empty HTTP cache (after a new release every chunk is new
// to the browser). Without it, "my classes" finds whatever the sign-in's workbench had fetched
// before its page was closed, which varies from run to run (docs/BENCHMARKS.md, session 10).
const COLD = process.env.COLD === '1';
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const PASSWORD = 'Demo-Pass-2026';

async function call(tok, method, path, body) {
  const res = await fetch(`${BASE}/api/v1${path}`, { method, headers: { ...(tok ? { Authorization: `Bearer ${tok}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}
const token = async (login) => (await call(null, 'POST', '/auth/token', { login, password: PASSWORD })).access_token;

/** A published plan with three classes, the trainee enrolled and paid in the first (once). */
async function seed() {
  const staff = await token('assoc.staff');
  const me = await call(staff, 'GET', '/me');
  const association = me.memberships.find((m) => m.organization_kind === 'association').organization_id;
  const year = new Date().getFullYear() + 1;
  const plans = await call(staff, 'GET', `/plans?association_id=${association}`);
  const existing = (plans.items ?? plans).find((p) => p.year === year);
  if (existing?.status === 'published') return;
  const courses = await call(staff, 'GET', '/courses?limit=10');
  const course = (courses.items ?? courses)[0];
  const fees = [
    { item: '培训费', amount: 60_000, basis: '湘发改价费〔2025〕18号', scope: '参加培训的学员(按人次)' },
    { item: '考试费', amount: 15_000, basis: '湘发改价费〔2025〕18号', scope: '参加考试的学员(按科次)' },
  ];
  let plan = existing ?? await call(staff, 'POST', '/plans', { association_id: association, year, title: `${year}年度特种设备作业人员培训计划`, complaint_phone: '0731-88886666', fees });
  const classes = [];
  for (let i = 0; i < 3; i++) {
    const start = new Date(Date.UTC(year, 1, 10 + 7 * i, 1)); // 09:00 in Beijing, February of next year
    const klass = await call(staff, 'POST', '/classes', { course_id: course.id, name: `${course.name} 第${i + 1}期`, starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 8 * 3_600_000).toISOString(), venue: '长沙市岳麓区麓谷大道627号 302教室', capacity: 40, training_fee: 60_000, exam_fee: 15_000 });
    await call(staff, 'POST', `/classes/${klass.id}/sessions`, { starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 4 * 3_600_000).toISOString() });
    plan = await call(staff, 'POST', `/plans/${plan.id}/classes`, { class_id: klass.id });
    classes.push(klass);
  }
  await call(staff, 'POST', `/plans/${plan.id}/publication`);
  const trainee = await token('trainee');
  const traineeMe = await call(trainee, 'GET', '/me');
  const enrolment = await call(trainee, 'POST', '/enrolments', { class_id: classes[0].id, person_id: traineeMe.person_id });
  await call(staff, 'POST', `/enrolments/${enrolment.id}/confirmation`);
  await call(await token('finance'), 'POST', `/enrolments/${enrolment.id}/payment`, { training_fee: 60_000, exam_fee: 15_000, payer: traineeMe.user.display_name, method: '微信支付', receipt_no: `LH-${Date.now()}` });
}
await seed();

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** Signs in as `login` through the login page, as a person would. */
async function signIn(login) {
  const page = await browser.newPage();
  await page.goto(`${BASE}/`);
  await page.waitForSelector('[data-testid=login]');
  await page.type('[data-testid=login]', login);
  await page.type('[data-testid=password]', PASSWORD);
  await page.click('[data-testid=login-submit]');
  await page.waitForFunction(() => localStorage.getItem('seforce.session') !== null);
  await page.close();
}

async function audit(name, path, run, { keepStorage = false } = {}) {
  const loadBefore = load();
  const page = await browser.newPage();
  if (COLD) {
    // The HTTP cache emptied (the signed-in session in localStorage kept): the chunks a login
    // happened to fetch before the audit no longer decide what the audit measures.
    const cdp = await page.createCDPSession();
    await cdp.send('Network.clearBrowserCache');
    await cdp.detach();
  }
  const flags = { output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'], disableStorageReset: keepStorage };
  const result = await lighthouse(`${BASE}${path}`, flags, undefined, page);
  await page.close();
  const lhr = result.lhr;
  const a = (id) => lhr.audits[id];
  const row = {
    page: name,
    load: loadBefore,
    performance: Math.round(lhr.categories.performance.score * 100),
    accessibility: Math.round(lhr.categories.accessibility.score * 100),
    fcp: a('first-contentful-paint').displayValue,
    lcp: a('largest-contentful-paint').displayValue,
    tbt: a('total-blocking-time').displayValue,
    cls: a('cumulative-layout-shift').displayValue,
    si: a('speed-index').displayValue,
    failed: Object.values(lhr.audits)
      .filter((x) => x.score !== null && x.score < 1 && lhr.categories.accessibility.auditRefs.some((r) => r.id === x.id && r.weight > 0))
      .map((x) => x.id),
  };
  writeFileSync(`/tmp/lh-${name}-${run}.json`, JSON.stringify(lhr));
  return row;
}

const rows = [];
for (let i = 0; i < RUNS; i++) {
  if (PAGES.includes('login')) rows.push(await audit('login', '/', i));
  if (PAGES.includes('public-plans')) rows.push(await audit('public-plans', '/public/plans', i));
  if (!PAGES.includes('my-classes')) continue;
  await signIn('trainee');
  rows.push(await audit('my-classes', '/my-classes', i, { keepStorage: true }));
  // Log out for the next round's login page.
  const page = await browser.newPage();
  await page.goto(`${BASE}/public/plans`);
  await page.evaluate(() => localStorage.clear());
  await page.close();
}
await browser.close();
console.table(rows);
