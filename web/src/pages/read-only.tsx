/** What a read-only visitor sees where a change would be: why, and how to become the admin. */
import { useI18n } from '../i18n';
import { useSession } from '../lib/session';

export function ReadOnlyNotice() {
  const { t } = useI18n();
  const { current } = useSession();
  return (
    <div className="notice info" role="note">
      <p>{current?.adminSecretSet === false ? t('noAdminSecret') : t('readOnlySignIn')}</p>
      <p className="small">{t('howToSetSecret')}</p>
    </div>
  );
}
