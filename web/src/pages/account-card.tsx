/** One account: its state, load, usage and lock, and every change an operator makes to it. */
import { useState } from 'react';
import { accounts } from '../api/admin';
import { ACCOUNT_STATUSES, MODES, type Account, type AccountFields, type AccountStatus, type Mode } from '../api/types';
import { shownEmoji } from '../components/button-names';
import { ConfirmDialog } from '../components/dialog';
import { ErrorNotice, InfoNotice } from '../components/notice';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { AccountForm } from './account-form';

export interface AccountCardProps {
  account: Account;
  /** false: read-only (no admin secret, or no account API on this server). */
  canChange: boolean;
  onChanged(): void;
}

export function AccountCard({ account, canChange, onChanged }: AccountCardProps) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>();
  const [info, setInfo] = useState<string>();
  const [dialog, setDialog] = useState<'edit' | 'delete'>();
  const name = account.remark || account.id;
  const { live } = account;

  const run = async (change: () => Promise<unknown>, done?: string) => {
    setError(undefined);
    setInfo(undefined);
    try {
      await change();
      if (done) setInfo(done);
      onChanged();
    } catch (failure) {
      setError(failure);
    }
  };
  const update = (fields: Partial<AccountFields>) => void run(() => accounts.update(account.id, fields));

  return (
    <article className="card account" aria-label={t('accountLabel', { name })}>
      <header className="task-head">
        <div>
          <strong>{name}</strong> <span className={`badge conn-${live.connection}`}>{live.connection}</span>{' '}
          <span className="badge">{account.status}</span>
          <div className="muted small">{t('fieldChannelId')}: <code>{account.channelId}</code>{account.guildId && <> · {t('fieldGuildId')}: <code>{account.guildId}</code></>}</div>
        </div>
      </header>
      {account.disabledReason && <p className="notice error">{t('disabledReason')}: {account.disabledReason}</p>}
      {account.lock && (
        <div className="notice error" role="alert">
          <p>{t('lockedBecause', { reason: account.lock.reason })} · {formatTime(account.lock.since)}</p>
          {account.lock.url && <p>{t('verifyAt')} <a href={account.lock.url} target="_blank" rel="noreferrer">{account.lock.url}</a></p>}
          <button type="button" disabled={!canChange} onClick={() => void run(() => accounts.unlock(account.id), t('unlocked'))}>{t('unlock')}</button>
        </div>
      )}
      <dl className="counts">
        <div><dt>{t('running')}</dt><dd>{live.running}/{account.coreSize}</dd></div>
        <div><dt>{t('waiting')}</dt><dd>{live.waiting}/{account.queueSize}</dd></div>
        {MODES.map((mode) => <div key={mode}><dt>{t('todayMode', { mode })}</dt><dd>{live.today[mode] ?? '—'}</dd></div>)}
        {live.info && <div><dt>{t('fastHoursLeft')}</dt><dd>{live.info.fastHoursLeft ?? live.info.fastTimeRemaining}</dd></div>}
      </dl>
      {live.info && <p className="small muted">{live.info.subscription} · {live.info.fastTimeRemaining} · {t('syncedAt', { time: formatTime(live.info.updatedAt) })}</p>}
      <div className="row">
        <label>{t('status')}
          <select value={account.status} disabled={!canChange} onChange={(event) => update({ status: event.target.value as AccountStatus })}>
            {ACCOUNT_STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
          </select>
        </label>
        <label>{t('mode')}
          <select value={account.mode} disabled={!canChange} onChange={(event) => update({ mode: event.target.value as Mode })}>
            {MODES.map((mode) => <option key={mode} value={mode}>{mode}</option>)}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={account.remix} disabled={!canChange} onChange={(event) => update({ remix: event.target.checked })} />{t('fieldRemix')}
        </label>
        {live.settings && live.settings.versions.length > 0 && (
          <label>{t('version')}
            <select value={live.settings.version} disabled={!canChange}
              onChange={(event) => void run(() => accounts.changeVersion(account.id, event.target.value))}>
              {live.settings.versions.map((version) => <option key={version.value} value={version.value}>{version.label}</option>)}
            </select>
          </label>
        )}
      </div>
      {live.settings && live.settings.buttons.length > 0 && (
        <section aria-label={t('midjourneySettings')}>
          <h3 className="small">{t('midjourneySettings')}</h3>
          <div className="button-row">
            {live.settings.buttons.map((button) => (
              <button key={button.customId} type="button" className={`mj style-${button.style}`} disabled={!canChange}
                onClick={() => void run(() => accounts.clickSetting(account.id, button.customId))}>
                {shownEmoji(button.emoji) && <span aria-hidden="true">{shownEmoji(button.emoji)} </span>}{button.label}
              </button>
            ))}
          </div>
        </section>
      )}
      <div className="actions">
        <button type="button" disabled={!canChange} onClick={() => setDialog('edit')}>{t('edit')}</button>
        <button type="button" disabled={!canChange} onClick={() => void run(() => accounts.reconnect(account.id), t('reconnecting'))}>{t('reconnect')}</button>
        <button type="button" disabled={!canChange} onClick={() => void run(() => accounts.syncInfo(account.id), t('syncStarted'))}>{t('syncInfo')}</button>
        <button type="button" className="danger" disabled={!canChange} onClick={() => setDialog('delete')}>{t('delete')}</button>
      </div>
      <ErrorNotice error={error} />
      {info && <InfoNotice>{info}</InfoNotice>}
      {dialog === 'edit' && (
        <AccountForm account={account} onClose={() => setDialog(undefined)}
          onSave={async (fields) => {
            await accounts.update(account.id, fields);
            setDialog(undefined);
            onChanged();
          }} />
      )}
      {dialog === 'delete' && (
        <ConfirmDialog title={t('deleteAccount')} message={t('deleteAccountConfirm', { name })} confirmLabel={t('delete')}
          onClose={() => setDialog(undefined)}
          onConfirm={() => {
            setDialog(undefined);
            void run(() => accounts.remove(account.id));
          }} />
      )}
    </article>
  );
}
