// The exam journey of issue 16 in real Chromium, at phone size. Setup through the API, as
// tests/api/exams.rs sets it up: the association's staff schedule a class; a trainee account
// at the demo enterprise, linked to a person, enrols itself, the staff confirm and finance
// records the fee (paid: eligible, EX-11); an evaluator account at the sub-centre with a person
// holding an evaluator certificate valid today and a signed commitment letter (EX-08). Then:
//  - the exam officer builds a bank with a true/false question and a short answer, a fixed
//    paper of both, plans a sitting of the class open now, registers the whole class, assigns
//    the evaluator (found with the person picker) and makes them the candidate's marker;
//  - the trainee, on a phone, starts, answers the true/false question, loses the connection
//    (Playwright's offline mode), writes the short answer, which the page keeps and shows as
//    waiting, gets the connection back, sees the answer sent and saved, and hands in;
//  - the evaluator, on a phone, marks the short answer;
//  - the officer publishes: the result is on the sitting, on the class page, and in the
//    class's results the training department reads.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PASSWORD, RUN, answered, call, fitsPhone, logout, nationalId, nineOClock, organizationOf, pickOption, scheduleClass, today, token, useBrowser, PHONE } from './support.mjs';

const CLASS = `电梯安全管理员培训班(考试 E2E ${RUN})`;
const BANK = `电梯安全管理题库 ${RUN}`;
const PAPER = `电梯安全管理理论考试 ${RUN}`;
const SITTING = `理论考试 E2E ${RUN}`;
const TF = `电梯应当每15日进行一次维护保养。(${RUN})`;
const SHORT = `简述电梯困人时的救援步骤。(${RUN})`;
const ANSWER = '安抚乘客,切断电源,确认轿厢位置,盘车平层,开门救人';
const TRAINEE = `考试学员${RUN}`;
const EVALUATOR = `考评员${RUN}`;
const { login, newPage } = useBrowser();
let setup;

/** An instant as Beijing wall-clock time, `YYYY-MM-DD HH:mm` (what the date pickers take). */
function beijing(ms) {
  const d = new Date(ms + 8 * 3_600_000);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** A person linked to a new account with `role` at `organization` (the platform admin makes both). */
async function account(admin, { login: name, display, role, organization, region, seq, post }) {
  const user = await call(admin, 'POST', '/users', { login: name, display_name: display, password: PASSWORD, organization_id: organization, roles: [role] });
  const person = await call(admin, 'POST', '/persons', {
    name: display,
    gender: 'male',
    birth_date: '1985-03-14',
    national_id: nationalId(region, '1985-03-14', seq),
    employer_id: organization,
    post,
    user_id: user.id,
  });
  return { user, person };
}

before(async () => {
  const staff = await token('assoc.staff');
  const admin = await token('admin');
  const courses = await call(staff, 'GET', '/courses?limit=200');
  const klass = await scheduleClass(staff, { course: courses.items[0], name: CLASS, start: nineOClock(20), venue: '长沙市岳麓区麓谷大道627号 考试中心' });
  const enterprise = organizationOf(await call(await token('ent.officer'), 'GET', '/me'), 'enterprise');
  const subCentre = organizationOf(await call(await token('subcentre.admin'), 'GET', '/me'), 'sub_centre');
  const seq = (Date.now() % 450) * 2 + 101;
  const trainee = await account(admin, { login: `e2e.exam.trainee.${RUN}`, display: TRAINEE, role: 'practitioner', organization: enterprise, region: '430111', seq, post: '电梯安全管理员' });
  const evaluator = await account(admin, { login: `e2e.exam.evaluator.${RUN}`, display: EVALUATOR, role: 'evaluator', organization: subCentre, region: '430112', seq, post: '考评员' });

  // The trainee enrols and pays: eligible for the exam (EX-11).
  const traineeToken = await token(`e2e.exam.trainee.${RUN}`);
  const enrolment = await call(traineeToken, 'POST', '/enrolments', { class_id: klass.id, person_id: trainee.person.id });
  await call(staff, 'POST', `/enrolments/${enrolment.id}/confirmation`);
  await call(await token('finance'), 'POST', `/enrolments/${enrolment.id}/payment`, {
    training_fee: klass.training_fee,
    exam_fee: klass.exam_fee,
    payer: TRAINEE,
    method: '微信支付',
    receipt_no: `E2E-EXAM-${RUN}`,
  });

  // EX-08: an evaluator certificate valid today and a signed commitment letter.
  const assocAdmin = await token('assoc.admin');
  const year = Number(today().slice(0, 4));
  for (const q of [
    { kind: 'evaluator_certificate', number: `JL-${RUN}`, issuer: '中国计量测试学会' },
    { kind: 'commitment_letter', number: `CN-${RUN}`, issuer: '湖南省特种设备协会' },
  ]) {
    await call(assocAdmin, 'POST', `/persons/${evaluator.person.id}/qualifications`, { ...q, valid_from: `${year - 1}-01-01`, valid_until: `${year + 2}-12-31` });
  }
  setup = { klass, enrolment };
});

/** Picks `label` in the Select whose test id is `testId`, typing `search` first when given. */
const choose = (page, testId, label, search) => pickOption(page, page.getByTestId(testId), label, { search });

/** Types a Beijing date and time into a date picker and confirms it. */
async function pickTime(page, testId, value) {
  const input = page.locator(`[data-testid=${testId}] input, input[data-testid=${testId}]`).first();
  await input.click();
  await input.fill(value);
  await input.press('Enter');
}

test('an officer builds a paper and plans a sitting, a trainee takes it on a phone through a dropped connection, an evaluator marks it, and the result reaches the class', async () => {
  const { klass } = setup;

  // --- The exam officer: bank, questions, paper, sitting, roster, staff -----------------------
  const officer = await login('exam.officer', PHONE);
  await officer.goto(`${BASE}/exams/banks`);
  await officer.getByTestId('bank-new').click();
  await officer.getByTestId('bank-name').fill(BANK);
  await officer.getByTestId('bank-topic').fill('法律法规');
  const bankMade = answered(officer, 'POST', '/api/v1/exam-banks');
  await officer.getByTestId('bank-save').click();
  const bank = await (await bankMade).json();
  await officer.waitForURL(`${BASE}/exams/banks/${bank.id}`);

  // `reveals`: the field the kind brings up. A pick made while the previous form's dropdown is
  // still leaving can miss; the field not appearing means the pick did not take, so it is made
  // again (at most three times) rather than waiting out the whole test's timeout.
  const addQuestion = async (kind, reveals, fill) => {
    await officer.getByTestId('question-new').click();
    const form = officer.getByTestId('question-form');
    await form.waitFor();
    for (let tries = 1; ; tries++) {
      await choose(officer, 'question-kind', kind);
      try {
        await form.getByTestId(reveals).waitFor({ timeout: 5000 });
        break;
      } catch (e) {
        if (tries === 3) throw e;
      }
    }
    await fill(form);
    await form.getByTestId('question-points').fill('10');
    const added = answered(officer, 'POST', `/api/v1/exam-banks/${bank.id}/questions`);
    await officer.getByTestId('question-save').click();
    assert.equal((await added).status(), 201);
    await form.waitFor({ state: 'detached' });
  };
  await addQuestion('判断', 'question-key-value', async (form) => {
    await form.getByTestId('question-stem').fill(TF);
    await form.getByTestId('question-key-value').getByText('对').click();
  });
  await addQuestion('简答', 'question-reference', async (form) => {
    await form.getByTestId('question-stem').fill(SHORT);
    await form.getByTestId('question-reference').fill('安抚乘客、断电、确认轿厢位置、盘车平层、开门救人');
  });
  await officer.locator('[data-testid=question-row]').nth(1).waitFor();
  assert.deepEqual(await officer.getByTestId('question-key').allTextContents(), ['对', '安抚乘客、断电、确认轿厢位置、盘车平层、开门救人']);
  await fitsPhone(officer, { what: 'the bank page fits a phone', culprits: true });

  // A fixed paper of both questions, true/false first.
  await officer.goto(`${BASE}/exams/papers/new`);
  await choose(officer, 'paper-bank', BANK);
  await officer.getByTestId('paper-title').fill(PAPER);
  for (const stem of [TF, SHORT]) {
    await officer.locator(`[data-testid=paper-question][data-stem="${stem}"]`).locator('input[type=checkbox]').check();
  }
  assert.equal(await officer.getByTestId('paper-theory-points').textContent(), '理论部分共 20 分');
  const paperMade = answered(officer, 'POST', '/api/v1/exam-papers');
  await officer.getByTestId('paper-save').click();
  const paper = await (await paperMade).json();
  assert.equal(paper.items.length, 2);
  await officer.getByTestId('paper-drawer').getByTestId('paper-item').nth(1).waitFor();
  await officer.getByTestId('draw-preview').click();
  await officer.getByTestId('drawn-question').nth(1).waitFor();

  // The sitting, open from ten minutes ago for three hours (Beijing time on the form).
  await officer.goto(`${BASE}/exams/sittings`);
  await officer.getByTestId('sitting-new').click();
  await choose(officer, 'sitting-class', CLASS, RUN);
  await choose(officer, 'sitting-paper', PAPER, RUN);
  await officer.getByTestId('sitting-title').fill(SITTING);
  const now = Date.now();
  await pickTime(officer, 'sitting-opens', beijing(now - 10 * 60_000));
  await pickTime(officer, 'sitting-closes', beijing(now + 3 * 3_600_000));
  const sittingMade = answered(officer, 'POST', '/api/v1/exam-sittings');
  await officer.getByTestId('sitting-save').click();
  const sittingAnswer = await sittingMade;
  assert.equal(sittingAnswer.status(), 201, await sittingAnswer.text());
  const sitting = await sittingAnswer.json();
  await officer.waitForURL(`${BASE}/exams/sittings/${sitting.id}`);

  // The whole class: the paid trainee is registered.
  await officer.getByTestId('roster-register').click();
  await officer.getByTestId('roster-report').getByText('本次报名 1 人,0 人未能报名').waitFor();
  await officer.locator(`[data-testid=candidate][data-name="${TRAINEE}"]`).waitFor();

  // The evaluator, found by name, passes EX-06/07/08.
  await officer.getByTestId('tab-staff').click();
  await choose(officer, 'staff-duty', '考评');
  await choose(officer, 'staff-person', EVALUATOR, EVALUATOR);
  const assigned = answered(officer, 'POST', `/api/v1/exam-sittings/${sitting.id}/staff`);
  await officer.getByTestId('staff-assign').click();
  assert.equal((await assigned).status(), 201);
  await officer.locator(`[data-testid=staff-member][data-name="${EVALUATOR}"]`).waitFor();

  // ... and marks the trainee.
  await officer.getByTestId('tab-roster').click();
  const marker = officer.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/evaluators'));
  await pickOption(officer, officer.locator(`[data-testid=candidate][data-name="${TRAINEE}"]`).getByTestId('evaluator-first'), EVALUATOR);
  assert.equal((await marker).status(), 200);
  await fitsPhone(officer, { what: 'the sitting page fits a phone', culprits: true });
  await logout(officer);

  // --- The trainee, on a phone, through a dropped connection ----------------------------------
  const trainee = await login(`e2e.exam.trainee.${RUN}`, PHONE);
  await trainee.goto(`${BASE}/my-exams`);
  const card = trainee.locator(`[data-testid=my-exam][data-title="${SITTING}"]`);
  assert.equal(await card.getAttribute('data-stage'), 'open');
  await card.getByTestId('exam-start').click();
  const started = answered(trainee, 'POST', `/api/v1/exam-sittings/${sitting.id}/attempt`);
  await trainee.locator('.ant-popover:visible').getByRole('button', { name: '开始考试' }).click();
  const attempt = await (await started).json();
  await trainee.getByTestId('exam-paper').waitFor();
  assert.match(await trainee.getByTestId('time-left').textContent(), /^剩余 1:(30:00|29:[0-5]\d)$/);

  const savedTf = answered(trainee, 'PUT', `/api/v1/exam-attempts/${attempt.id}/answers/1`);
  await trainee.getByTestId('answer-true').click();
  const tf = await savedTf;
  assert.equal(tf.status(), 200);
  // The server answers with the counter it now holds: this save's.
  assert.deepEqual(await tf.json().then((b) => [b.seq, b.applied]), [1, true]);
  await trainee.locator('[data-testid=save-state][data-state=saved]').waitFor();

  // The connection drops: the short answer is kept on the phone and shown as waiting.
  await trainee.context().setOffline(true);
  await trainee.locator('[data-testid=save-state][data-state=offline]').waitFor();
  await trainee.getByTestId('answer-text').fill(ANSWER);
  await trainee.getByTestId('offline-note').waitFor();
  await trainee.locator('[data-testid=question][data-position="2"] [data-testid=question-state][data-state=waiting]').waitFor();
  const kept = await trainee.evaluate((id) => JSON.parse(localStorage.getItem(`seforce.exam.${id}`)), attempt.id);
  assert.deepEqual(kept.answers['2'].response, { kind: 'short_answer', text: ANSWER });
  assert.equal(kept.answers['2'].saved, false);

  // Back online: sent at once with the next seq, and saved.
  const savedText = answered(trainee, 'PUT', `/api/v1/exam-attempts/${attempt.id}/answers/2`);
  await trainee.context().setOffline(false);
  const text = await savedText;
  assert.equal(text.status(), 200);
  const resent = await text.json();
  assert.ok(resent.applied && resent.seq > 1, `a later save carries a higher seq: ${JSON.stringify(resent)}`);
  await trainee.locator('[data-testid=save-state][data-state=saved]').waitFor();
  await fitsPhone(trainee, { what: 'the exam screen fits a phone', culprits: true });

  await trainee.getByTestId('exam-submit').click();
  assert.equal(await trainee.getByTestId('submit-summary').textContent(), '2 道题均已作答。交卷后不能再修改。');
  const handedIn = answered(trainee, 'POST', `/api/v1/exam-attempts/${attempt.id}/submission`);
  await trainee.getByTestId('submit-confirm').click();
  assert.equal((await handedIn).status(), 200);
  assert.equal(await trainee.getByTestId('objective-points').textContent(), '客观题得分 10 / 20');
  await logout(trainee);

  // --- The evaluator marks the short answer, on a phone --------------------------------------
  const evaluator = await login(`e2e.exam.evaluator.${RUN}`, PHONE);
  await evaluator.goto(`${BASE}/exams/marking`);
  const item = evaluator.locator('[data-testid=to-mark]', { hasText: SHORT });
  assert.equal(await item.getByTestId('mark-text').textContent(), ANSWER);
  await item.getByTestId('mark-points').fill('6');
  const marked = answered(evaluator, 'PUT', `/api/v1/exam-attempts/${attempt.id}/marks/2`);
  await item.getByTestId('mark-save').click();
  assert.equal((await marked).status(), 200);
  await evaluator.locator('[data-testid=to-mark][data-marked=true]', { hasText: SHORT }).waitFor();
  await fitsPhone(evaluator, { what: 'the marking queue fits a phone', culprits: true });
  await logout(evaluator);

  // --- The officer publishes; the result reaches the class -----------------------------------
  const publisher = await login('exam.officer', PHONE);
  await publisher.goto(`${BASE}/exams/sittings/${sitting.id}`);
  await publisher.getByTestId('tab-results').click();
  await publisher.getByTestId('results-publish').click();
  const published = answered(publisher, 'POST', `/api/v1/exam-sittings/${sitting.id}/results`);
  await publisher.locator('.ant-popover:visible').getByRole('button', { name: '是' }).click();
  assert.equal((await published).status(), 200);
  const result = publisher.locator(`[data-testid=result][data-name="${TRAINEE}"]`);
  assert.equal(await result.getByTestId('theory-score').textContent(), '80');
  assert.equal(await result.getByTestId('outcome').getAttribute('data-outcome'), 'passed');

  // The class page shows the sitting's result to the exam side ...
  await publisher.goto(`${BASE}/training/classes/${klass.id}`);
  const onClass = publisher.getByTestId('class-exams').locator(`[data-testid=result][data-name="${TRAINEE}"]`);
  assert.equal(await onClass.getByTestId('outcome').getAttribute('data-outcome'), 'passed');
  await fitsPhone(publisher, { what: 'the class page fits a phone', culprits: true });
  await logout(publisher);

  // ... and the class's results, which the training department reads, hold it.
  const department = await login('assoc.staff', PHONE);
  await department.goto(`${BASE}/training/classes/${klass.id}`);
  await department.getByTestId('result-entered').filter({ hasText: '80' }).waitFor();
  await logout(department);

  // The candidate sees the result in "my exams".
  const back = await login(`e2e.exam.trainee.${RUN}`, PHONE);
  await back.goto(`${BASE}/my-exams`);
  const mine = back.locator(`[data-testid=my-exam][data-title="${SITTING}"]`);
  assert.equal(await mine.getAttribute('data-stage'), 'result');
  assert.equal(await mine.getByTestId('outcome').getAttribute('data-outcome'), 'passed');
  await logout(back);
});

test('the public bad-behaviour column opens without a login beside the public plans', async () => {
  const page = await newPage(PHONE);
  await page.goto(`${BASE}/public/plans`);
  await page.getByTestId('public-bad-behaviour').click();
  await page.waitForURL(`${BASE}/public/bad-behaviour`);
  await page.getByRole('heading', { name: '考试不良行为公示' }).waitFor();
  await fitsPhone(page);
  await page.close();
});
