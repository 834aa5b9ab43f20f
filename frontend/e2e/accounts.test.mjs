// Browser check, in real Chromium, of the enterprise training accounts (TR-07). Setup through
// the API: the demo enterprise's training manager gives a second user the training-officer
// role. Then:
//  - the manager, on a phone, files a change letter naming both officers and themself as the
//    manager (picked by name among the enterprise's role holders) and uploads the stamped
//    letter as a PDF; the letter now waits for the association;
//  - the association's staff see the enterprise with its letter waiting, open the letter (the
//    same bytes come back) and acknowledge it;
//  - the manager reloads and sees the new designation in force, by name, with no letter waiting;
//    the server has it on file too.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, PASSWORD, PHONE, RUN, answered, call, downloaded, fitsPhone, organizationOf, pickOption, token, useBrowser } from './support.mjs';

const NEW_OFFICER = `培训专员 E2E${RUN}`;
const OFFICER = '燃气公司培训专员 陈静';
const MANAGER = '燃气公司培训负责人 刘洋';
const ENTERPRISE = '长沙新奥燃气有限公司';
const LETTER = Buffer.from(`%PDF-1.4\n% 人员变更函 ${RUN}\n%%EOF\n`, 'utf8');
const { login } = useBrowser();
let setup;

before(async () => {
  const manager = await token('ent.manager');
  const managerMe = await call(manager, 'GET', '/me');
  const enterprise = organizationOf(managerMe, 'enterprise');
  const officer = await call(manager, 'POST', '/users', {
    login: `e2e.officer.${RUN}`,
    display_name: NEW_OFFICER,
    password: PASSWORD,
    organization_id: enterprise,
    roles: ['enterprise_officer'],
  });
  const demoOfficer = (await call(await token('ent.officer'), 'GET', '/me')).user;
  setup = { manager, managerId: managerMe.user.id, enterprise, officer, demoOfficer };
});

test('the enterprise files and uploads a change letter, the association acknowledges it, the new designation is in force', async () => {
  const { manager: managerToken, managerId, enterprise, officer, demoOfficer } = setup;
  const accountsPath = `/api/v1/enterprises/${enterprise}/accounts`;

  // The manager, on a phone: file the change, naming the two officers and themself.
  const manager = await login('ent.manager', PHONE);
  const first = answered(manager, 'GET', accountsPath);
  await manager.goto(`${BASE}/training/accounts`);
  const before = await (await first).json();
  assert.equal(before.pending, null, 'no letter waiting yet');
  const card = manager.getByTestId('enterprise-accounts');
  await card.getByTestId('file-change').click();
  const dialog = manager.getByRole('dialog');
  await pickOption(manager, dialog.getByTestId('officer-select'), OFFICER);
  await pickOption(manager, dialog.getByTestId('officer-select'), NEW_OFFICER);
  // Opening the next Select closes this one's dropdown; the newest dropdown is the one picked in.
  await dialog.getByTestId('manager-select').click();
  await pickOption(manager, dialog.getByTestId('manager-select'), MANAGER);
  const filed = answered(manager, 'POST', `/api/v1/enterprises/${enterprise}/account-changes`);
  await dialog.getByTestId('file-change-submit').click();
  const change = await (await filed).json();
  assert.equal((await filed).status(), 201);
  assert.deepEqual([...change.officer_ids].sort(), [officer.id, demoOfficer.id].sort());
  assert.equal(change.manager_id, managerId);

  const pending = card.getByTestId('pending-change');
  await pending.locator('[data-testid=letter-state][data-state=awaiting_file]').waitFor();
  const uploaded = answered(manager, 'PUT', `/api/v1/account-changes/${change.id}/letter`);
  await pending.locator('input[type=file]').setInputFiles({ name: '人员变更函.pdf', mimeType: 'application/pdf', buffer: LETTER });
  assert.equal((await uploaded).status(), 200);
  await pending.locator('[data-testid=letter-state][data-state=awaiting_acknowledgement]').waitFor();
  // The pending designation shows by name to the manager, who administers the enterprise's users.
  await pending.getByTestId('designation-pending-officer').filter({ hasText: NEW_OFFICER }).waitFor();
  assert.deepEqual((await pending.getByTestId('designation-pending-officer').allTextContents()).sort(), [NEW_OFFICER, OFFICER].sort());
  assert.equal(await pending.getByTestId('designation-pending-manager').textContent(), MANAGER);
  await fitsPhone(manager);

  // The association's staff: the enterprise's letter waits; open it and acknowledge.
  const staff = await login('assoc.staff', { width: 1280, height: 900 });
  await staff.goto(`${BASE}/training/accounts`);
  await staff.getByTestId('pending-only').click();
  const row = staff.locator(`[data-testid=enterprise-row][data-name="${ENTERPRISE}"]`);
  await row.locator('[data-testid=letter-state][data-state=awaiting_acknowledgement]').waitFor();
  await row.getByTestId('open-accounts').click();
  const drawer = staff.locator('.ant-drawer');
  const letter = await downloaded(staff, () => drawer.getByTestId('download-letter').click());
  assert.deepEqual(letter, LETTER, 'the uploaded letter comes back as it was');
  await drawer.getByTestId('acknowledge').click();
  const acknowledged = answered(staff, 'POST', `/api/v1/account-changes/${change.id}/acknowledgement`);
  await staff.getByRole('button', { name: /^是$/ }).click();
  assert.equal((await acknowledged).status(), 200);
  await drawer.getByTestId('designation-current').waitFor();
  assert.equal(await drawer.getByTestId('designation-current-officer').count(), 2);
  assert.equal(await drawer.getByTestId('pending-change').count(), 0);
  await staff.close();

  // The manager reloads: the new designation is in force, by name, and nothing waits.
  await manager.reload();
  const current = card.getByTestId('designation-current');
  await current.getByTestId('designation-current-officer').filter({ hasText: NEW_OFFICER }).waitFor();
  assert.deepEqual((await current.getByTestId('designation-current-officer').allTextContents()).sort(), [NEW_OFFICER, OFFICER].sort());
  assert.equal(await current.getByTestId('designation-current-manager').textContent(), MANAGER);
  assert.match(await card.getByTestId('designation-acknowledged-at').textContent(), /协会确认于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  assert.equal(await card.getByTestId('pending-change').count(), 0);
  await fitsPhone(manager);
  await manager.close();

  const onFile = await call(managerToken, 'GET', `/enterprises/${enterprise}/accounts`);
  assert.equal(onFile.current.id, change.id);
  assert.equal(onFile.current.status, 'acknowledged');
  assert.equal(onFile.pending, null);
});
