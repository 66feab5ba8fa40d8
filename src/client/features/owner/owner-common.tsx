import { StatusPage } from '@/client/components/status-page';
import { useFormat } from '@/client/components/use-format';
import { useOnlineStatus } from '@/client/sync/use-online-status';
import { usePendingCount } from '@/client/sync/use-pending-count';
import { useOwnerText } from './owner-text';

// Paths the owner's pages link to (client/app/navigation.ts names them; a feature does not import app/).
export const OWNER_HOME_PATH = '/pemilik';
export const OWNER_PROGRESS_PATH = '/pemilik/kemajuan';
export const OWNER_PRINT_PATH = '/pemilik/cetak';

/**
 * How fresh the page is: offline or not, when the phone last heard from the server, and what waits
 * to be sent. The header's sync area says the same in short; an owner reading old data is told so.
 */
export function OwnerSyncLine({ lastSyncAt }: { lastSyncAt: string | null }) {
  const { t } = useOwnerText();
  const format = useFormat();
  const online = useOnlineStatus();
  const pending = usePendingCount();
  return (
    <div className={online ? 'owner-sync' : 'owner-sync owner-sync-offline'}>
      {!online && <p>{t('owner.sync.offline')}</p>}
      <p>
        {lastSyncAt
          ? t('owner.sync.lastSync', { when: format.dateTime(lastSyncAt) })
          : t('owner.sync.neverSynced')}
        {pending > 0 && ` ${t('owner.sync.pending', { count: pending })}`}
      </p>
    </div>
  );
}

/** Shown while the owner's business has not reached this phone (the first sync has not finished). */
export function OwnerNoBusiness() {
  const { t } = useOwnerText();
  return (
    <StatusPage title={t('owner.common.noBusiness.title')} message={t('owner.common.noBusiness.message')} />
  );
}
