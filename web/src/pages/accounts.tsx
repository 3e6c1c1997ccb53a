/** Accounts: the list, kept fresh, and adding one. */
import { useState } from 'react';
import { accounts, listAccounts } from '../api/admin';
import { ErrorNotice, InfoNotice } from '../components/notice';
import { useI18n } from '../i18n';
import { useSession } from '../lib/session';
import { usePolling } from '../lib/use-polling';
import { AccountCard } from './account-card';
import { AccountForm } from './account-form';
import { ReadOnlyNotice } from './read-only';

const POLL_MS = 5000;

export function AccountsPage() {
  const { t } = useI18n();
  const session = useSession();
  const polled = usePolling(listAccounts, POLL_MS);
  const [adding, setAdding] = useState(false);
  const manageable = polled.data?.manageable ?? false;
  const canChange = session.canChange && manageable;
  return (
    <section aria-labelledby="accounts-title">
      <div className="title-row">
        <h1 id="accounts-title">{t('navAccounts')}</h1>
        <button type="button" className="primary" disabled={!canChange} onClick={() => setAdding(true)}>{t('addAccount')}</button>
      </div>
      {!session.canChange && <ReadOnlyNotice />}
      {polled.data && !manageable && <InfoNotice>{t('noAccountApi')}</InfoNotice>}
      <ErrorNotice error={polled.error} />
      {polled.data?.accounts.length === 0 && <p className="muted">{t('noAccounts')}</p>}
      <div className="account-list">
        {polled.data?.accounts.map((account) => (
          <AccountCard key={account.id} account={account} canChange={canChange} onChanged={polled.refresh} />
        ))}
      </div>
      {adding && (
        <AccountForm onClose={() => setAdding(false)}
          onSave={async (fields) => {
            await accounts.create(fields);
            setAdding(false);
            polled.refresh();
          }} />
      )}
    </section>
  );
}
