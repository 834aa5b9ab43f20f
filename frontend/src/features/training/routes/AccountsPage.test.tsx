import { File as NodeFile } from 'node:buffer';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, onePage, meWith, renderPage, stubApi, USER_ID } from '../../../testing/render';
import { letterState } from '../components/AccountChanges';
import { AccountsPage } from './AccountsPage';

const ENT = '0197a000-0000-7000-8000-00000000e001';
const ENT2 = '0197a000-0000-7000-8000-00000000e002';
const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const OFFICER = '0197a000-0000-7000-8000-0000000000b1';
const CHANGE = '0197a000-0000-7000-8000-0000000000c1';

const change = (over: object = {}) => ({
  id: CHANGE,
  enterprise_id: ENT,
  officer_ids: [OFFICER],
  manager_id: USER_ID,
  status: 'pending',
  letter_uploaded: false,
  filed_at: '2026-03-02T01:30:00Z',
  acknowledged_at: null,
  ...over,
});

/** Opens an Ant Design select and picks the option with this text. */
async function pickOption(testId: string, text: string) {
  const select = screen.getByTestId(testId);
  fireEvent.mouseDown(within(select).getByRole('combobox'));
  const options = await screen.findAllByTitle(text);
  fireEvent.click(options[options.length - 1]!);
}

describe('the change letter state', () => {
  it('is none, waiting for the file, or waiting for the association', () => {
    expect(letterState(null)).toBe('none');
    expect(letterState(change() as never)).toBe('awaiting_file');
    expect(letterState(change({ letter_uploaded: true }) as never)).toBe('awaiting_acknowledgement');
  });
});

describe('training accounts (TR-07)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lets the enterprise manager name officer and manager from the role holders, then upload the letter as the raw body', async () => {
    let pending: ReturnType<typeof change> | null = null;
    const sent = stubApi((method, path, _url, body) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ENT, name: '长沙新奥燃气有限公司', kind: 'enterprise', roles: ['enterprise_manager'] }], { user: { id: USER_ID, login: 'ent.manager', display_name: '刘洋', status: 'active', version: 1, created_at: '2026-01-01T00:00:00Z' } }));
      if (path === `/api/v1/enterprises/${ENT}/accounts`) return json({ enterprise_id: ENT, current: null, pending });
      if (path === '/api/v1/users')
        return json({
          items: [
            { id: USER_ID, login: 'ent.manager', display_name: '刘洋', status: 'active', version: 1, created_at: '2026-01-01T00:00:00Z' },
            { id: OFFICER, login: 'ent.officer', display_name: '陈静', status: 'active', version: 1, created_at: '2026-01-01T00:00:00Z' },
          ],
          next_cursor: null,
        });
      if (path === `/api/v1/users/${USER_ID}/memberships`) return json(onePage([{ id: 'm1', user_id: USER_ID, organization_id: ENT, organization_name: 'x', organization_kind: 'enterprise', roles: ['enterprise_manager'] }]));
      if (path === `/api/v1/users/${OFFICER}/memberships`) return json(onePage([{ id: 'm2', user_id: OFFICER, organization_id: ENT, organization_name: 'x', organization_kind: 'enterprise', roles: ['enterprise_officer'] }]));
      if (path === `/api/v1/users/${OFFICER}`) return json({ id: OFFICER, login: 'ent.officer', display_name: '陈静', status: 'active', version: 1, created_at: '2026-01-01T00:00:00Z' });
      if (method === 'POST' && path === `/api/v1/enterprises/${ENT}/account-changes`) {
        const b = JSON.parse(body) as { officer_ids: string[]; manager_id: string };
        pending = change({ officer_ids: b.officer_ids, manager_id: b.manager_id });
        return json(pending, 201);
      }
      if (method === 'PUT' && path === `/api/v1/account-changes/${CHANGE}/letter`) {
        pending = change({ letter_uploaded: true });
        return json(pending);
      }
      return undefined;
    });
    renderPage(<AccountsPage />);

    await screen.findByTestId('designation-none');
    fireEvent.click(screen.getByTestId('file-change'));
    await pickOption('officer-select', '陈静(ent.officer)');
    await pickOption('manager-select', '刘洋(ent.manager)');
    fireEvent.click(screen.getByTestId('file-change-submit'));

    const filed = await waitFor(() => {
      const s = sent.find((r) => r.method === 'POST');
      expect(s).toBeDefined();
      return s!;
    });
    expect(filed.path).toBe(`/api/v1/enterprises/${ENT}/account-changes`);
    expect(JSON.parse(filed.body)).toEqual({ officer_ids: [OFFICER], manager_id: USER_ID });

    const waiting = await screen.findByTestId('pending-change');
    expect(within(waiting).getByTestId('letter-state').getAttribute('data-state')).toBe('awaiting_file');
    expect(within(waiting).getByTestId('designation-pending-manager').textContent).toBe('刘洋');
    await waitFor(() => expect(within(waiting).getByTestId('designation-pending-officer').textContent).toBe('陈静'));
    // The manager files and uploads, but only the association acknowledges.
    expect(screen.queryByTestId('acknowledge')).toBeNull();

    const input = within(waiting).getByTestId('upload-letter').closest('span')?.querySelector('input[type=file]') ?? document.querySelector('input[type=file]');
    if (!input) throw new Error('no file input');
    const pdf = '%PDF-1.4 变更函';
    fireEvent.change(input, { target: { files: [new NodeFile([pdf], '变更函.pdf', { type: 'application/pdf' })] } });
    await waitFor(() => expect(screen.getByTestId('letter-state').getAttribute('data-state')).toBe('awaiting_acknowledgement'));
    const put = sent.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/api/v1/account-changes/${CHANGE}/letter`);
    expect(put?.headers.get('Content-Type')).toBe('application/pdf');
    expect(put?.body).toBe(pdf);
  });

  it('refuses a letter that is not a PDF or photo without sending it', async () => {
    const sent = stubApi((_m, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ENT, name: '燃气公司', kind: 'enterprise', roles: ['enterprise_officer'] }]));
      if (path === `/api/v1/enterprises/${ENT}/accounts`) return json({ enterprise_id: ENT, current: null, pending: change({ officer_ids: [USER_ID], manager_id: OFFICER }) });
      return undefined;
    });
    renderPage(<AccountsPage />);
    const waiting = await screen.findByTestId('pending-change');
    const input = waiting.querySelector('input[type=file]');
    if (!input) throw new Error('no file input');
    fireEvent.change(input, { target: { files: [new NodeFile(['x'], '变更函.docx', { type: 'application/msword' })] } });
    await screen.findByText('只能上传 PDF、JPG 或 PNG 文件');
    expect(sent.some((r) => r.method === 'PUT')).toBe(false);
  });

  it("tells an officer who may not list the enterprise's users that the manager files the change", async () => {
    stubApi((_m, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ENT, name: '燃气公司', kind: 'enterprise', roles: ['enterprise_officer'] }]));
      if (path === `/api/v1/enterprises/${ENT}/accounts`) return json({ enterprise_id: ENT, current: null, pending: null });
      if (path === '/api/v1/users') return json({ status: 403, title: 'Forbidden' }, 403);
      return undefined;
    });
    renderPage(<AccountsPage />);
    fireEvent.click(await screen.findByTestId('file-change'));
    const alert = await screen.findByTestId('holders-error');
    expect(alert.textContent).toContain('只有培训负责人');
  });

  it('shows association staff which member enterprises have a letter waiting, and acknowledges one; the server refusal names its rule', async () => {
    let acknowledged = false;
    let refuse = true;
    const sent = stubApi((method, path, url) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_staff'] }]));
      if (path === '/api/v1/organizations') {
        expect(url.searchParams.get('kind')).toBe('enterprise');
        expect(url.searchParams.get('association_id')).toBe(ASSOC);
        return json({
          items: [
            { id: ENT, kind: 'enterprise', name: '长沙新奥燃气有限公司', credit_code: 'x', region_code: '430100', status: 'active', version: 1, created_at: '2026-01-01T00:00:00Z', association_id: ASSOC },
            { id: ENT2, kind: 'enterprise', name: '株洲气体有限公司', credit_code: 'y', region_code: '430200', status: 'active', version: 1, created_at: '2026-01-01T00:00:00Z', association_id: ASSOC },
          ],
          next_cursor: null,
        });
      }
      if (path === `/api/v1/enterprises/${ENT}/accounts`)
        return json(
          acknowledged
            ? { enterprise_id: ENT, current: change({ status: 'acknowledged', letter_uploaded: true, acknowledged_at: '2026-03-03T02:00:00Z' }), pending: null }
            : { enterprise_id: ENT, current: null, pending: change({ letter_uploaded: true }) },
        );
      if (path === `/api/v1/enterprises/${ENT2}/accounts`) return json({ enterprise_id: ENT2, current: null, pending: null });
      if (method === 'POST' && path === `/api/v1/account-changes/${CHANGE}/acknowledgement`) {
        if (refuse) {
          refuse = false;
          return json({ status: 422, type: 'urn:seforce:problem:rule-violation', rule: 'TR-07', detail: '须先上传盖章的变更函' }, 422);
        }
        acknowledged = true;
        return json(change({ status: 'acknowledged', letter_uploaded: true, acknowledged_at: '2026-03-03T02:00:00Z' }));
      }
      return undefined;
    });
    renderPage(<AccountsPage />);

    await waitFor(() => expect(screen.getAllByTestId('enterprise-row')).toHaveLength(2));
    await screen.findByTestId('waiting-count');
    const row = screen.getAllByTestId('enterprise-row').find((r) => r.getAttribute('data-name') === '长沙新奥燃气有限公司')!;
    expect(within(row).getByTestId('letter-state').textContent).toBe('待协会确认');
    fireEvent.click(screen.getByTestId('pending-only'));
    expect(screen.getAllByTestId('enterprise-row').map((r) => r.getAttribute('data-name'))).toEqual(['长沙新奥燃气有限公司']);

    fireEvent.click(within(row).getByTestId('open-accounts'));
    const ack = async () => {
      fireEvent.click(await screen.findByTestId('acknowledge'));
      fireEvent.click(await screen.findByRole('button', { name: '是' }));
    };
    await ack();
    await screen.findByText('须先上传盖章的变更函');
    expect(screen.getByTestId('rule-ref').textContent).toBe('TR-07');
    await ack();
    await waitFor(() => expect(screen.getAllByTestId('designation-current').length).toBeGreaterThan(0));
    // Staff cannot read the enterprise's users: the officer shows by the end of the id.
    expect(screen.getAllByTestId('designation-current-officer')[0]!.textContent).toBe(`用户 …${OFFICER.slice(-6)}`);
    expect(screen.getAllByTestId('designation-acknowledged-at')[0]!.textContent).toContain('2026-03-03 10:00');
    expect(sent.filter((r) => r.path.endsWith('/acknowledgement'))).toHaveLength(2);
    expect(screen.queryByTestId('file-change')).toBeNull();
  });
});
