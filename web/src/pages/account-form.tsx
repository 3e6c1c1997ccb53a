/** Add or edit an account (docs/admin-api.md, the account object). An empty token on edit keeps the old one. */
import { useState, type FormEvent } from 'react';
import { ACCOUNT_STATUSES, MODES, type Account, type AccountFields } from '../api/types';
import { Dialog } from '../components/dialog';
import { ErrorNotice } from '../components/notice';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';

const DEFAULTS: AccountFields = {
  channelId: '', guildId: '', userToken: '', userAgent: '', dmChannelId: '', nijiChannelId: '', status: 'ENABLE',
  coreSize: 3, queueSize: 10, timeoutMinutes: 5, mode: 'FAST', fastExhausted: 'relax', remix: false, remixAutoSubmit: false,
  remark: '', weight: 1, dayDrawLimit: -1, dayRelaxLimit: -1,
};

const TEXT_FIELDS: [keyof AccountFields, MessageKey][] = [
  ['channelId', 'fieldChannelId'], ['guildId', 'fieldGuildId'], ['userToken', 'fieldUserToken'], ['userAgent', 'fieldUserAgent'],
  ['dmChannelId', 'fieldDmChannelId'], ['nijiChannelId', 'fieldNijiChannelId'], ['remark', 'fieldRemark'],
];
const NUMBER_FIELDS: [keyof AccountFields, MessageKey][] = [
  ['coreSize', 'fieldCoreSize'], ['queueSize', 'fieldQueueSize'], ['timeoutMinutes', 'fieldTimeoutMinutes'], ['weight', 'fieldWeight'],
  ['dayDrawLimit', 'fieldDayDrawLimit'], ['dayRelaxLimit', 'fieldDayRelaxLimit'],
];

function fieldsOf(account: Account | undefined): AccountFields {
  if (!account) return DEFAULTS;
  const fields = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof AccountFields)[]) Object.assign(fields, { [key]: account[key] });
  return { ...fields, userToken: '' };
}

/** Only what changed (and never an empty token), so an edit does not reconnect for nothing. */
function changes(before: AccountFields, after: AccountFields, creating: boolean): Partial<AccountFields> {
  const out: Partial<AccountFields> = {};
  for (const key of Object.keys(after) as (keyof AccountFields)[]) {
    if (key === 'userToken' && after.userToken === '') continue;
    if (creating || after[key] !== before[key]) Object.assign(out, { [key]: after[key] });
  }
  return out;
}

export interface AccountFormProps {
  account?: Account;
  onSave(fields: Partial<AccountFields>): Promise<void>;
  onClose(): void;
}

export function AccountForm({ account, onSave, onClose }: AccountFormProps) {
  const { t } = useI18n();
  const initial = fieldsOf(account);
  const [fields, setFields] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const set = <K extends keyof AccountFields>(key: K, value: AccountFields[K]) => setFields({ ...fields, [key]: value });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSave(changes(initial, fields, !account));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={account ? t('editAccount', { name: account.remark || account.id }) : t('addAccount')} onClose={onClose} wide>
      <form className="form-grid" onSubmit={(event) => void save(event)}>
        {TEXT_FIELDS.map(([key, label]) => (
          <label key={key}>
            {t(label)}
            <input value={String(fields[key])} required={!account && (key === 'channelId' || key === 'userToken')}
              type={key === 'userToken' ? 'password' : 'text'} autoComplete="off"
              placeholder={key === 'userToken' && account ? `${account.userToken} (${t('keepToken')})` : undefined}
              onChange={(event) => set(key, event.target.value)} />
          </label>
        ))}
        {NUMBER_FIELDS.map(([key, label]) => (
          <label key={key}>
            {t(label)}
            <input type="number" value={Number(fields[key])} step="any" onChange={(event) => set(key, Number(event.target.value))} />
          </label>
        ))}
        <label>{t('status')}
          <select value={fields.status} onChange={(event) => set('status', event.target.value as AccountFields['status'])}>
            {ACCOUNT_STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
          </select>
        </label>
        <label>{t('mode')}
          <select value={fields.mode} onChange={(event) => set('mode', event.target.value as AccountFields['mode'])}>
            {MODES.map((mode) => <option key={mode} value={mode}>{mode}</option>)}
          </select>
        </label>
        <label>{t('fieldFastExhausted')}
          <select value={fields.fastExhausted} onChange={(event) => set('fastExhausted', event.target.value as AccountFields['fastExhausted'])}>
            <option value="relax">{t('fastExhaustedRelax')}</option>
            <option value="refuse">{t('fastExhaustedRefuse')}</option>
          </select>
        </label>
        <label className="check"><input type="checkbox" checked={fields.remix} onChange={(event) => set('remix', event.target.checked)} />{t('fieldRemix')}</label>
        <label className="check">
          <input type="checkbox" checked={fields.remixAutoSubmit} onChange={(event) => set('remixAutoSubmit', event.target.checked)} />{t('fieldRemixAutoSubmit')}
        </label>
        <ErrorNotice error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{t('save')}</button>
          <button type="button" onClick={onClose}>{t('cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
