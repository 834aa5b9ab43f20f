import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { json, onePage, meWith, renderPage, stubApi } from '../../../testing/render';
import { BlacklistPage, filterBlacklist } from './BlacklistPage';
import type { BlacklistEntry } from '../api/training';

const ASSOC = '0197a000-0000-7000-8000-00000000a001';
const PERSON = '0197a000-0000-7000-8000-0000000000d1';

function entry(i: number, over: Partial<BlacklistEntry> = {}): BlacklistEntry {
  return {
    id: `0197a000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    association_id: ASSOC,
    person_id: null,
    name: `人员${i}`,
    national_id_masked: `430103********${String(1000 + i).slice(-4)}`,
    reason: '学历证书造假',
    listed_on: '2024-05-01',
    expires_on: '2029-05-01',
    active: true,
    status: 'active',
    lifted_at: null,
    lift_reason: null,
    ...over,
  };
}

describe('the blacklist filter', () => {
  const list = [entry(1, { name: '张三' }), entry(2, { name: '李四', active: false, status: 'expired', reason: '学籍信息不实' }), entry(3, { name: '王五' })];
  it('keeps names, masked ID numbers or reasons containing the text, and the status asked for', () => {
    expect(filterBlacklist(list, '李', 'all').map((e) => e.name)).toEqual(['李四']);
    expect(filterBlacklist(list, '学籍', 'all').map((e) => e.name)).toEqual(['李四']);
    expect(filterBlacklist(list, '*1003', 'all').map((e) => e.name)).toEqual(['王五']);
    expect(filterBlacklist(list, '', 'active').map((e) => e.name)).toEqual(['张三', '王五']);
    expect(filterBlacklist(list, '', 'expired').map((e) => e.name)).toEqual(['李四']);
    expect(filterBlacklist(list, '张', 'expired')).toEqual([]);
    const lifted = [...list, entry(4, { name: '赵六', active: false, status: 'lifted', lifted_at: '2026-11-30T02:00:00Z', lift_reason: '复核属实' })];
    expect(filterBlacklist(lifted, '', 'lifted').map((e) => e.name)).toEqual(['赵六']);
    expect(filterBlacklist(lifted, '', 'expired').map((e) => e.name)).toEqual(['李四']);
    expect(filterBlacklist([entry(5, { status: 'pending' })], '', 'active')).toHaveLength(1);
  });
});

describe('the blacklist screen (CR-04)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('pages the list, shows the five-year expiry, and filters by status', async () => {
    const all = [...Array.from({ length: 23 }, (_, i) => entry(i + 1)), entry(24, { name: '过期者', active: false, status: 'expired', listed_on: '2019-03-01', expires_on: '2024-03-01' })];
    stubApi((_m, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_staff'] }]));
      if (path === '/api/v1/blacklist') return json(onePage(all));
      return undefined;
    });
    renderPage(<BlacklistPage />);
    await waitFor(() => expect(screen.getAllByTestId('blacklist-row')).toHaveLength(20));
    expect(screen.getByText('共 24 条')).toBeTruthy();
    expect(within(screen.getAllByTestId('blacklist-row')[0]!).getByTestId('blacklist-active').textContent).toBe('2029-05-01前不受理报名');
    fireEvent.click(screen.getByTitle('2'));
    await waitFor(() => expect(screen.getAllByTestId('blacklist-row')).toHaveLength(4));

    fireEvent.mouseDown(within(screen.getByTestId('blacklist-status')).getByRole('combobox'));
    fireEvent.click((await screen.findAllByTitle('已到期')).at(-1)!);
    fireEvent.click(screen.getByTestId('filter-submit'));
    await waitFor(() => expect(screen.getAllByTestId('blacklist-row')).toHaveLength(1));
    expect(screen.getByTestId('blacklist-total').textContent).toBe('共 1 条');
    expect(screen.getByTestId('blacklist-expired').textContent).toBe('已到期');
    expect(screen.getByText('过期者')).toBeTruthy();
  });

  it('adds a person on file with the reason and the day, previews the expiry, and reads the answer back', async () => {
    let listed: BlacklistEntry[] = [];
    const sent = stubApi((method, path, url, body) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_admin'] }]));
      if (path === '/api/v1/blacklist' && method === 'GET') return json(onePage(listed));
      if (path === '/api/v1/persons') {
        return json({ items: url.searchParams.get('q') === '赵' ? [{ id: PERSON, name: '赵六', national_id_masked: '430103********0316', employer_name: '长沙新奥燃气有限公司' }] : [], next_cursor: null });
      }
      if (path === '/api/v1/blacklist' && method === 'POST') {
        const b = JSON.parse(body) as { listed_on: string };
        const e = entry(9, { person_id: PERSON, name: '赵六', listed_on: b.listed_on, expires_on: '2031-02-10' });
        listed = [e];
        return json(e, 201);
      }
      return undefined;
    });
    renderPage(<BlacklistPage />);
    fireEvent.click(await screen.findByTestId('blacklist-add'));
    const dialog = await screen.findByRole('dialog');
    const picker = within(dialog).getByTestId('blacklist-person');
    const box = within(picker).getByRole('combobox');
    fireEvent.mouseDown(box);
    fireEvent.change(box, { target: { value: '赵' } });
    fireEvent.click(await screen.findByTitle('赵六 · 430103********0316 · 长沙新奥燃气有限公司'));
    fireEvent.change(within(dialog).getByTestId('blacklist-reason'), { target: { value: '学历证书造假' } });
    // The date picker: type the day (Beijing) it was decided.
    const date = dialog.querySelector<HTMLInputElement>('.ant-picker input');
    if (!date) throw new Error('no date input');
    fireEvent.mouseDown(date);
    fireEvent.change(date, { target: { value: '2026-02-10' } });
    fireEvent.keyDown(date, { key: 'Enter', code: 'Enter' });
    await waitFor(() => expect(within(dialog).getByTestId('blacklist-preview').textContent).toBe('5年内不受理其报名,自 2031-02-10 起恢复受理'));
    fireEvent.click(screen.getByTestId('blacklist-save'));

    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    const post = sent.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body)).toEqual({ association_id: ASSOC, reason: '学历证书造假', listed_on: '2026-02-10', person_id: PERSON });
    await screen.findByText('已将 赵六 列入黑名单,2031-02-10 前不受理其报名');
    await waitFor(() => expect(screen.getAllByTestId('blacklist-row')).toHaveLength(1));
  });

  it('lifts an entry in force with a reason and shows it lifted (CR-04)', async () => {
    let listed: BlacklistEntry[] = [entry(1, { name: '钱七' })];
    const sent = stubApi((method, path, _url, body) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '湖南省特种设备协会', kind: 'association', roles: ['association_staff'] }]));
      if (path === '/api/v1/blacklist' && method === 'GET') return json(onePage(listed));
      if (path === `/api/v1/blacklist/${listed[0]!.id}/lifting` && method === 'POST') {
        const b = JSON.parse(body) as { reason: string };
        const e = entry(1, { name: '钱七', active: false, status: 'lifted', lifted_at: '2026-12-01T02:30:00Z', lift_reason: b.reason });
        listed = [e];
        return json(e);
      }
      return undefined;
    });
    renderPage(<BlacklistPage />);
    fireEvent.click(await screen.findByTestId('blacklist-lift'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(screen.getByTestId('blacklist-lift-save'));
    expect(await within(dialog).findByText('请填写解除原因')).toBeTruthy();
    expect(sent.some((r) => r.method === 'POST')).toBe(false);
    fireEvent.change(within(dialog).getByTestId('blacklist-lift-reason'), { target: { value: '  复核后学历属实  ' } });
    fireEvent.click(screen.getByTestId('blacklist-lift-save'));
    await waitFor(() => expect(sent.some((r) => r.method === 'POST')).toBe(true));
    expect(JSON.parse(sent.find((r) => r.method === 'POST')!.body)).toEqual({ reason: '复核后学历属实' });
    await screen.findByText('已解除 钱七 的黑名单,可再次受理其报名');
    // Shown in Beijing time: 02:30 UTC is 10:30 there.
    await waitFor(() => expect(screen.getByTestId('blacklist-lifted').textContent).toBe('已于 2026-12-01 10:30 解除'));
    expect(screen.queryByTestId('blacklist-lift')).toBeNull();
  });

  it('puts a refused ID number on its field', async () => {
    stubApi((method, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: ASSOC, name: '协会', kind: 'association', roles: ['association_staff'] }]));
      if (path === '/api/v1/blacklist' && method === 'GET') return json(onePage([]));
      if (path === '/api/v1/persons') return json({ items: [], next_cursor: null });
      if (path === '/api/v1/blacklist' && method === 'POST') {
        return json({ status: 422, detail: '请求中有无效字段', detail_en: 'invalid fields', errors: [{ pointer: '/national_id', code: 'check_digit', message: '身份证号无效', message_en: 'the ID number is not valid' }] }, 422);
      }
      return undefined;
    });
    renderPage(<BlacklistPage />);
    fireEvent.click(await screen.findByTestId('blacklist-add'));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByTestId('blacklist-by-id'));
    fireEvent.change(await within(dialog).findByTestId('blacklist-name'), { target: { value: '钱七' } });
    fireEvent.change(within(dialog).getByTestId('blacklist-national-id'), { target: { value: '430103199107160317' } });
    fireEvent.change(within(dialog).getByTestId('blacklist-reason'), { target: { value: '学籍信息不实' } });
    fireEvent.click(screen.getByTestId('blacklist-save'));
    await within(dialog).findByText('身份证号无效');
  });

  it('shows sub-centres the shared list without the add button', async () => {
    stubApi((_m, path) => {
      if (path === '/api/v1/me') return json(meWith([{ id: 'sc', name: '分中心', kind: 'sub_centre', roles: ['subcentre_admin'] }]));
      if (path === '/api/v1/blacklist') return json(onePage([entry(1)]));
      return undefined;
    });
    renderPage(<BlacklistPage />);
    await waitFor(() => expect(screen.getAllByTestId('blacklist-row')).toHaveLength(1));
    expect(screen.queryByTestId('blacklist-add')).toBeNull();
  });
});
