// The personal centre: who I am, and a new password — sent for the caller's own account; the
// server's refusal (its password policy) shown on the field in the screen's language only.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import i18n from '../../config/i18n';
import { json, meWith, renderPage, stubApi, USER_ID, type Sent } from '../../testing/render';
import { AccountPage } from './AccountPage';

const ME = meWith([{ id: 'assoc', name: '湖南省特种设备协会', kind: 'association', roles: ['association_staff', 'finance'] }]);
const PASSWORD_PATH = `/api/v1/users/${USER_ID}/password`;

function stub(answer: () => Response): Sent[] {
  return stubApi((method, path) => {
    if (path === '/api/v1/me') return json(ME);
    if (method === 'PUT' && path === PASSWORD_PATH) return answer();
    return undefined;
  });
}

async function submit(password: string, again = password) {
  fireEvent.change(await screen.findByTestId('account-password'), { target: { value: password } });
  fireEvent.change(screen.getByTestId('account-again'), { target: { value: again } });
  fireEvent.click(screen.getByTestId('account-save'));
}

const tooShort = () =>
  json({ status: 422, title: 'Unprocessable Entity', detail: '输入有误', detail_en: 'invalid input', errors: [{ pointer: '/password', code: 'too_short', message: '密码至少10位', message_en: 'at least 10 characters' }] }, 422);

describe('the personal centre', () => {
  afterEach(async () => {
    vi.unstubAllGlobals();
    await act(() => i18n.changeLanguage('zh-CN'));
  });

  it('shows who I am and my roles', async () => {
    stub(() => json({}));
    renderPage(<AccountPage />);
    await screen.findByText('测试用户');
    screen.getByText('tester');
    screen.getByText('协会工作人员');
    screen.getByText('财务');
  });

  it("changes the caller's own password", async () => {
    const sent = stub(() => new Response(null, { status: 204 }));
    renderPage(<AccountPage />);
    await screen.findByText('测试用户');
    await submit('Seforce-2026-new');
    await screen.findByText('密码已修改,请用新密码重新登录');
    const put = sent.filter((s) => s.method === 'PUT');
    expect(put).toHaveLength(1);
    expect(put[0]!.path).toBe(PASSWORD_PATH);
    expect(JSON.parse(put[0]!.body)).toEqual({ password: 'Seforce-2026-new' });
    // The form is cleared for the next time.
    await waitFor(() => expect((screen.getByTestId('account-password') as HTMLInputElement).value).toBe(''));
  });

  it('does not send two passwords that differ', async () => {
    const sent = stub(() => json({}));
    renderPage(<AccountPage />);
    await screen.findByText('测试用户');
    await submit('Seforce-2026-new', 'Seforce-2026-neu');
    await screen.findByText('两次输入的密码不一致');
    expect(sent.some((s) => s.method === 'PUT')).toBe(false);
  });

  it("shows the server's refusal on the field, in Chinese only", async () => {
    stub(tooShort);
    renderPage(<AccountPage />);
    await screen.findByText('测试用户');
    await submit('short');
    const field = screen.getByTestId('account-password').closest('.ant-form-item') as HTMLElement;
    await within(field).findByText('密码至少10位');
    expect(document.body.textContent).not.toContain('at least 10 characters');
  });

  it("shows the server's refusal in English only when the screen is in English", async () => {
    await act(() => i18n.changeLanguage('en'));
    stub(tooShort);
    renderPage(<AccountPage />);
    await screen.findByText('测试用户');
    await submit('short');
    const field = screen.getByTestId('account-password').closest('.ant-form-item') as HTMLElement;
    await within(field).findByText('at least 10 characters');
    expect(document.body.textContent).not.toContain('密码至少10位');
  });
});
