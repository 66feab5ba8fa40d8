import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusPage } from '@/client/components/status-page';
import '@/client/i18n/invites';

/**
 * The invite link opened on a phone already signed in (a coach trying the link): activating it
 * would replace this session and strand its unsent changes, so it says what to do instead.
 */
export function InviteSignedInNotice({ name }: { name: string }) {
  const { t } = useTranslation();
  return (
    <StatusPage title={t('invites.signedIn.title')} message={t('invites.signedIn.message', { name })}>
      <Link className="button" to="/">
        {t('errors.backHome')}
      </Link>
    </StatusPage>
  );
}
