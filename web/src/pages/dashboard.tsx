/** Dashboard: accounts up / down / locked, load per account, today's draws, failures of the last 24 h; polled. */
import { listAccounts, stats } from '../api/admin';
import { MODES } from '../api/types';
import { ErrorNotice } from '../components/notice';
import { useI18n } from '../i18n';
import { usePolling } from '../lib/use-polling';

export const DASHBOARD_POLL_MS = 3000;

function Counts({ title, counts }: { title: string; counts: Record<string, number> }) {
  const { t } = useI18n();
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {entries.length === 0 ? <p className="muted">{t('none')}</p> : (
        <dl className="counts">
          {entries.map(([key, n]) => <div key={key}><dt>{key}</dt><dd>{n}</dd></div>)}
        </dl>
      )}
    </section>
  );
}

export function DashboardPage() {
  const { t } = useI18n();
  const polled = usePolling(() => Promise.all([stats(), listAccounts()]), DASHBOARD_POLL_MS);
  const [numbers, list] = polled.data ?? [];
  const hours = new Map((numbers?.fastHoursLeft ?? []).map(({ id, hours: left }) => [id, left]));
  const byMode = Object.fromEntries(MODES.map((mode) => [mode, numbers?.today.byMode[mode] ?? 0]));
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('navDashboard')}</h1>
      <p className="muted small" aria-live="polite">
        {polled.updatedAt ? t('updatedAt', { time: new Date(polled.updatedAt).toLocaleTimeString() }) : t('loading')}
      </p>
      <ErrorNotice error={polled.error} />
      {numbers && (
        <div className="cards">
          <section className="card" aria-label={t('accountsHealth')}>
            <h2>{t('accountsHealth')}</h2>
            <dl className="counts big">
              <div><dt>{t('up')}</dt><dd>{numbers.accounts.up}</dd></div>
              <div><dt>{t('down')}</dt><dd>{numbers.accounts.down}</dd></div>
              <div><dt>{t('locked')}</dt><dd>{numbers.accounts.locked}</dd></div>
            </dl>
          </section>
          <Counts title={t('todayByMode')} counts={byMode} />
          <Counts title={t('todayByAction')} counts={numbers.today.byAction} />
          <section className="card" aria-label={t('failures24h')}>
            <h2>{t('failures24h')}</h2>
            {numbers.failures24h.length === 0 ? <p className="muted">{t('none')}</p> : (
              <ul className="failures">
                {numbers.failures24h.map(({ reason, count }) => <li key={reason}><strong>{count}</strong> {reason || '—'}</li>)}
              </ul>
            )}
          </section>
        </div>
      )}
      {list && (
        <section className="card" aria-label={t('accountsLoad')}>
          <h2>{t('accountsLoad')}</h2>
          <div className="table-wrap">
            <table>
              <thead><tr><th>{t('account')}</th><th>{t('connection')}</th><th>{t('running')}</th><th>{t('waiting')}</th><th>{t('fastHoursLeft')}</th></tr></thead>
              <tbody>
                {list.accounts.map((account) => (
                  <tr key={account.id}>
                    <td data-label={t('account')}>{account.remark || account.id}</td>
                    <td data-label={t('connection')}><span className={`badge conn-${account.live.connection}`}>{account.live.connection}</span></td>
                    <td data-label={t('running')}>{account.live.running}/{account.coreSize}</td>
                    <td data-label={t('waiting')}>{account.live.waiting}/{account.queueSize}</td>
                    <td data-label={t('fastHoursLeft')}>{hours.get(account.id) ?? account.live.info?.fastHoursLeft ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </section>
  );
}
