import { act, fireEvent, render, screen } from '@testing-library/react';
import i18n from '../../../config/i18n';
import { json, stubApi } from '../../../testing/render';
import { getSession } from '../../../lib/session';
import { LoginPage } from './LoginPage';

describe('the login page', () => {
  afterEach(async () => {
    vi.unstubAllGlobals();
    localStorage.clear();
    await act(() => i18n.changeLanguage('zh-CN'));
  });

  it('speaks Chinese by default', () => {
    render(<LoginPage />);
    expect(screen.getByText('登录名')).toBeTruthy();
    expect(screen.getByText('密码')).toBeTruthy();
    expect(screen.getByText('特种设备人才平台')).toBeTruthy();
  });

  it('asks for both fields before it sends anything', () => {
    const sent = stubApi(() => undefined);
    render(<LoginPage />);
    fireEvent.click(screen.getByTestId('login-submit'));
    expect(screen.getByText('请输入登录名')).toBeTruthy();
    expect(screen.getByText('请输入密码')).toBeTruthy();
    expect(sent).toEqual([]);
  });

  it('shows a refusal in the chosen language only, in the page', async () => {
    await act(() => i18n.changeLanguage('en'));
    stubApi(() => json({ status: 401, detail: '登录名或密码错误', detail_en: 'login or password is wrong' }, 401));
    render(<LoginPage />);
    fireEvent.change(screen.getByTestId('login'), { target: { value: 'someone' } });
    fireEvent.change(screen.getByTestId('password'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    const error = await screen.findByTestId('login-error');
    expect(error.textContent).toBe('login or password is wrong');
    expect(getSession()).toBeNull();
  });

  it('keeps the session the server gives', async () => {
    const sent = stubApi((method, path) => (method === 'POST' && path === '/api/v1/auth/token' ? json({ access_token: 'a', refresh_token: 'r', token_type: 'Bearer', expires_in: 900 }) : undefined));
    render(<LoginPage />);
    fireEvent.change(screen.getByTestId('login'), { target: { value: ' officer ' } });
    fireEvent.change(screen.getByTestId('password'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByTestId('login-submit'));
    await vi.waitFor(() => expect(getSession()).toEqual({ accessToken: 'a', refreshToken: 'r' }));
    expect(JSON.parse(sent[0]?.body ?? '{}')).toEqual({ login: 'officer', password: 'pw' });
  });

  it('shows the password on request', () => {
    render(<LoginPage />);
    const field = screen.getByTestId('password');
    expect(field.getAttribute('type')).toBe('password');
    fireEvent.click(screen.getByRole('button', { name: '显示密码' }));
    expect(field.getAttribute('type')).toBe('text');
  });
});
