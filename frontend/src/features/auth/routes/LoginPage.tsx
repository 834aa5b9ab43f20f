// The login page, the first thing index.html shows. It is plain React with a stylesheet of its
// own (login.css), not Ant Design: antd's ConfigProvider alone brings its form library, the
// overlay packages and the CSS-in-JS runtime, three quarters of what a phone used to fetch and
// run before it could type (docs/BENCHMARKS.md, "Session 7, first load"). Two required fields
// need no form library; the refusal is shown in the page, in the chosen language, with its rule.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../../lib/api/client';
import { setSession } from '../../../lib/session';
import { toProblem, type ApiProblem } from '../../../lib/api/problem';
import { MessageText } from '../../../lib/messages';
import { currentLang, setLang } from '../../../config/i18n';
import './login.css';

export function LoginPage() {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [shown, setShown] = useState(false);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<ApiProblem | null>(null);
  const missingLogin = tried && !login.trim();
  const missingPassword = tried && !password;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (!login.trim() || !password || busy) return;
    setBusy(true);
    setRefused(null);
    try {
      const tokens = await unwrap(api.POST('/api/v1/auth/token', { body: { login: login.trim(), password } }));
      setSession({ accessToken: tokens.access_token, refreshToken: tokens.refresh_token ?? '' });
    } catch (err) {
      setRefused(toProblem(err));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <main className="login-card">
        <div className="login-head">
          <h1>{t('app.title')}</h1>
          <button type="button" className="login-lang" lang={currentLang() === 'en' ? 'zh-CN' : 'en'} onClick={() => void setLang(currentLang() === 'en' ? 'zh-CN' : 'en')}>
            {t('app.language')}
          </button>
        </div>
        <form className="login-form" onSubmit={(e) => void submit(e)} noValidate aria-label={t('login.title')}>
          {refused && (
            <div className="login-error" role="alert" data-testid="login-error">
              <MessageText text={refused.summary()} rule={refused.rule()} />
            </div>
          )}
          <label htmlFor="login" className="login-label">
            {t('login.login')}
          </label>
          <input
            id="login"
            className="login-input"
            data-testid="login"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={login}
            onChange={(e) => setLogin(e.target.value)}
            aria-invalid={missingLogin}
            aria-describedby="login-hint"
          />
          <div id="login-hint" className="login-hint" role={missingLogin ? 'alert' : undefined}>
            {missingLogin ? t('login.required', { field: t('login.login') }) : ''}
          </div>
          <label htmlFor="password" className="login-label">
            {t('login.password')}
          </label>
          <div className="login-field">
            <input
              id="password"
              className="login-input login-input-password"
              data-testid="password"
              type={shown ? 'text' : 'password'}
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={missingPassword}
              aria-describedby="password-hint"
            />
            <button type="button" className="login-reveal" aria-label={t('login.reveal')} aria-pressed={shown} aria-controls="password" onClick={() => setShown((v) => !v)}>
              {shown ? t('login.hide') : t('login.show')}
            </button>
          </div>
          <div id="password-hint" className="login-hint" role={missingPassword ? 'alert' : undefined}>
            {missingPassword ? t('login.required', { field: t('login.password') }) : ''}
          </div>
          <button data-testid="login-submit" type="submit" className="login-submit" aria-busy={busy}>
            {t('login.submit')}
          </button>
        </form>
      </main>
      {/* The way to the public plan page (TR-06), which needs no account; a plain link: the
          public pages are a chunk of their own, loaded with the page. */}
      <nav>
        <a href="/public/plans" className="login-public" data-testid="public-plans-link">
          {t('login.publicPlans')}
        </a>
      </nav>
    </div>
  );
}
