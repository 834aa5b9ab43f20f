// The login page, the first thing index.html shows. It is built from the few parts that keep
// the first script small (docs/BENCHMARKS.md, "first load"): antd's Input and Button, but not
// its Form (which brings the validator and, for label tooltips, Tooltip and Trigger) nor Card
// (which brings Tabs, Dropdown and Menu). Two required fields need no form library.
import { useState, type FormEvent } from 'react';
import { App, Button, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { setSession } from '../../../lib/session';
import { toProblem } from '../../../lib/api/problem';
import { MessageText } from '../../../lib/messages';
import { setLang } from '../../../config/i18n';

const ERROR = { color: '#ff4d4f', fontSize: 14, minHeight: 22 } as const;
const LABEL = { display: 'block', paddingBottom: 8 } as const;

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const missingLogin = tried && !login.trim();
  const missingPassword = tried && !password;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!login.trim() || !password) return;
    setBusy(true);
    try {
      const tokens = await unwrap(api.POST('/api/v1/auth/token', { body: { login: login.trim(), password } }));
      setSession({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? '' });
    } catch (err) {
      const p = toProblem(err);
      message.error(<MessageText text={p.summary()} rule={p.rule()} />);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 16, background: '#f0f4f9' }}>
      <main style={{ width: 380, maxWidth: '100%', background: '#fff', borderRadius: 8, boxShadow: '0 1px 4px rgba(0, 0, 0, 0.08)' }}>
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '14px 24px', borderBottom: '1px solid #f0f0f0' }}>
          <h1 style={{ fontSize: 16, fontWeight: 600, margin: 0 }}>{t('app.title')}</h1>
          <Button type="link" size="small" onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
            {t('app.language')}
          </Button>
        </div>
        <form style={{ padding: 24 }} onSubmit={(e) => void submit(e)} noValidate>
          <label htmlFor="login" style={LABEL}>
            {t('login.login')}
          </label>
          <Input id="login" data-testid="login" autoComplete="username" value={login} onChange={(e) => setLogin(e.target.value)} status={missingLogin ? 'error' : undefined} aria-invalid={missingLogin} />
          <div style={ERROR} role={missingLogin ? 'alert' : undefined}>
            {missingLogin ? t('login.required', { field: t('login.login') }) : ''}
          </div>
          <label htmlFor="password" style={LABEL}>
            {t('login.password')}
          </label>
          <Input.Password id="password" data-testid="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} status={missingPassword ? 'error' : undefined} aria-invalid={missingPassword} />
          <div style={ERROR} role={missingPassword ? 'alert' : undefined}>
            {missingPassword ? t('login.required', { field: t('login.password') }) : ''}
          </div>
          <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={busy} style={{ marginTop: 8 }}>
            {t('login.submit')}
          </Button>
        </form>
      </main>
    </div>
  );
}

/** The way from the login page to the public plan page (TR-06), which needs no account. */
export function PublicPlansLink() {
  const { t } = useTranslation();
  return (
    <div style={{ position: 'fixed', left: 0, right: 0, bottom: 16, textAlign: 'center', pointerEvents: 'none' }}>
      {/* A plain link: the public pages are a chunk of their own, loaded with the page. */}
      <a href="/public/plans" data-testid="public-plans-link" style={{ pointerEvents: 'auto' }}>
        {t('login.publicPlans')}
      </a>
    </div>
  );
}
