// The trainee's light frame (decision 270): "my classes" opened directly on a phone is painted
// by plain React — this header and the page — with the language, the queries and the router,
// and no Ant Design at all (its scripts and its 88 KB stylesheet were most of what a phone
// waited for before the page; docs/BENCHMARKS.md, "Session 10: SPA"). The frame hands over
// to the full app (`onLeave`) for anything else: a link to another screen (the address is
// already the new one when the full app reads it), or the menu button (the full app then opens
// its menu drawer). The avatar menu is the shell's: profile, language, logout.
import { useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Link, Route, Routes } from 'react-router';
import { useTranslation } from 'react-i18next';
import { queryClient } from '../lib/queryClient';
import { setLang } from '../config/i18n';
import { MyClassesPage } from '../features/training/routes/MyClassesPage';
import { logout } from './logout';
import './frame.css';

/** Any other screen: the full app takes over at this address. */
function Leave({ onLeave }: { onLeave: (menu: boolean) => void }) {
  useEffect(() => onLeave(false), [onLeave]);
  return null;
}

const icon = { width: 16, height: 16, viewBox: '0 0 16 16', fill: 'currentColor', 'aria-hidden': true } as const;

export function TraineeFrame({ onLeave }: { onLeave: (menu: boolean) => void }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <div className="frame" data-testid="trainee-frame">
          <header className="frame-head">
            <button type="button" className="frame-icon" aria-label={t('nav.open')} data-testid="nav-open" onClick={() => onLeave(true)}>
              <svg {...icon}>
                <path d="M1 3h14v1.5H1zM1 7.25h14v1.5H1zM1 11.5h14V13H1z" />
              </svg>
            </button>
            <span className="frame-title">{t('app.title')}</span>
            <button type="button" className="frame-icon" aria-label={t('account.menu')} aria-haspopup="menu" aria-expanded={open} data-testid="avatar" onClick={() => setOpen((o) => !o)}>
              <span className="frame-avatar">
                <svg {...icon} width={14} height={14}>
                  <circle cx="8" cy="5" r="3" />
                  <path d="M2 15c0-3.3 2.7-5.5 6-5.5s6 2.2 6 5.5z" />
                </svg>
              </span>
            </button>
            {open && (
              <div className="frame-menu" role="menu">
                <Link role="menuitem" to="/account" data-testid="menu-profile" onClick={() => setOpen(false)}>
                  {t('account.title')}
                </Link>
                <button
                  type="button"
                  role="menuitem"
                  data-testid="menu-language"
                  onClick={() => {
                    setOpen(false);
                    void setLang(i18n.language === 'en' ? 'zh-CN' : 'en');
                  }}
                >
                  {t('app.language')}
                </button>
                <button type="button" role="menuitem" data-testid="logout" onClick={() => void logout()}>
                  {t('app.logout')}
                </button>
              </div>
            )}
          </header>
          <main className="frame-main">
            <Routes>
              <Route path="/my-classes" element={<MyClassesPage />} />
              <Route path="*" element={<Leave onLeave={onLeave} />} />
            </Routes>
          </main>
        </div>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
