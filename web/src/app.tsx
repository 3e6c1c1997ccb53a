/** The shell: header (navigation, language, theme, sign in), the read-only banner, and the current page. */
import { useState } from 'react';
import { LANGUAGES, useI18n, type Language } from './i18n';
import type { MessageKey } from './i18n/en';
import { PAGES, hrefOf, useRoute, type PageName } from './lib/route';
import { useSession } from './lib/session';
import { useTheme } from './lib/theme';
import { AccountsPage } from './pages/accounts';
import { ConsolePage } from './pages/console';
import { DashboardPage } from './pages/dashboard';
import { LoginDialog } from './pages/login';
import { SettingsPage } from './pages/settings';
import { TasksPage } from './pages/tasks';

const NAV_LABELS: Record<PageName, MessageKey> = {
  dashboard: 'navDashboard', accounts: 'navAccounts', tasks: 'navTasks', console: 'navConsole', settings: 'navSettings',
};

function Page({ page, param }: { page: PageName; param: string }) {
  switch (page) {
    case 'accounts': return <AccountsPage />;
    case 'tasks': return <TasksPage taskId={param} />;
    case 'console': return <ConsolePage />;
    case 'settings': return <SettingsPage />;
    default: return <DashboardPage />;
  }
}

function SessionBanner() {
  const { t } = useI18n();
  const { current, checkError } = useSession();
  if (!current || current.role === 'ADMIN') return null;
  return (
    <div className="banner" role="status">
      {checkError && <p>{t('storedSecretRefused', { reason: checkError })}</p>}
      <p><strong>{t('readOnly')}</strong> {current.adminSecretSet === false ? t('noAdminSecret') : t('readOnlySignIn')}</p>
      <p className="small">{t('howToSetSecret')}</p>
    </div>
  );
}

export function App() {
  const { t, language, setLanguage } = useI18n();
  const session = useSession();
  const [theme, setTheme] = useTheme();
  const route = useRoute();
  const [signingIn, setSigningIn] = useState(false);
  return (
    <>
      <a className="skip" href="#main">{t('skipToContent')}</a>
      <header className="top">
        <a className="brand" href={hrefOf('dashboard')}>mj-proxy</a>
        <nav aria-label={t('mainNavigation')}>
          {PAGES.map((page) => (
            <a key={page} href={hrefOf(page)} aria-current={route.page === page ? 'page' : undefined}>{t(NAV_LABELS[page])}</a>
          ))}
        </nav>
        <div className="tools">
          <label className="compact">
            <span className="visually-hidden">{t('language')}</span>
            <select aria-label={t('language')} value={language} onChange={(event) => setLanguage(event.target.value as Language)}>
              {Object.entries(LANGUAGES).map(([code, name]) => <option key={code} value={code}>{name}</option>)}
            </select>
          </label>
          <button type="button" aria-label={t('darkTheme')} aria-pressed={theme === 'dark'}
            onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}>{theme === 'dark' ? '☀' : '☾'}</button>
          {session.signedIn
            ? <button type="button" onClick={session.signOut}>{t('signOut')}</button>
            : <button type="button" className="primary" onClick={() => setSigningIn(true)}>{t('signIn')}</button>}
        </div>
      </header>
      <SessionBanner />
      <main id="main">
        {session.current ? <Page page={route.page} param={route.param} /> : <p className="muted">{t('loading')}</p>}
      </main>
      {signingIn && <LoginDialog onClose={() => setSigningIn(false)} />}
    </>
  );
}
