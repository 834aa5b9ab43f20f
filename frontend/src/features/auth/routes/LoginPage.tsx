import { useState } from 'react';
import { App, Button, Card, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../../lib/api/client';
import { setSession } from '../../../lib/session';
import { showProblem } from '../../../lib/forms';
import { setLang } from '../../../config/i18n';

interface Values {
  login: string;
  password: string;
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    try {
      const tokens = await unwrap(api.POST('/api/v1/auth/token', { body: { login: v.login, password: v.password } }));
      setSession({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? '' });
    } catch (e) {
      showProblem(e, message, form);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: '#f0f4f9' }}>
      <Card title={t('app.title')} style={{ width: 380, maxWidth: '100%' }} extra={<a onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>{t('app.language')}</a>}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="login" label={t('login.login')} rules={[{ required: true, message: t('login.required', { field: t('login.login') }) }]}>
            <Input data-testid="login" autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true, message: t('login.required', { field: t('login.password') }) }]}>
            <Input.Password data-testid="password" autoComplete="current-password" />
          </Form.Item>
          <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

/** The way from the login page to the public plan page (TR-06), which needs no account. */
export function PublicPlansLink() {
  const { t } = useTranslation();
  return (
    <div style={{ position: 'fixed', left: 0, right: 0, bottom: 16, textAlign: 'center', pointerEvents: 'none' }}>
      <Link to="/public/plans" data-testid="public-plans-link" style={{ pointerEvents: 'auto' }}>
        {t('login.publicPlans')}
      </Link>
    </div>
  );
}
