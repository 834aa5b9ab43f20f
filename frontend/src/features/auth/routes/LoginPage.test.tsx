import { render, screen } from '@testing-library/react';
import { App as AntApp } from 'antd';
import '../../../config/i18n';
import { LoginPage } from './LoginPage';

describe('the login page', () => {
  it('speaks Chinese by default', () => {
    render(
      <AntApp>
        <LoginPage />
      </AntApp>,
    );
    expect(screen.getByText('登录名')).toBeTruthy();
    expect(screen.getByText('密码')).toBeTruthy();
    expect(screen.getByText('特种设备人才平台')).toBeTruthy();
  });
});
