/** Sign in with the admin secret; the server checks it before the tab keeps it. */
import { useState, type FormEvent } from 'react';
import { Dialog } from '../components/dialog';
import { ErrorNotice } from '../components/notice';
import { useI18n } from '../i18n';
import { useSession } from '../lib/session';

export function LoginDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const session = useSession();
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await session.signIn(secret);
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('signIn')} onClose={onClose}>
      <form className="stack" onSubmit={(event) => void signIn(event)}>
        <label>
          {t('adminSecret')}
          <input type="password" value={secret} required autoFocus autoComplete="current-password" onChange={(event) => setSecret(event.target.value)} />
        </label>
        <p className="hint">{t('howToSetSecret')}</p>
        <ErrorNotice error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>{t('signIn')}</button>
          <button type="button" onClick={onClose}>{t('cancel')}</button>
        </div>
      </form>
    </Dialog>
  );
}
