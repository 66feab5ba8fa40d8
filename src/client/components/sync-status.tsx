import { useTranslation } from 'react-i18next';

/** The header's sync area: connection state and how many changes still wait to be sent. */
export function SyncStatus({
  online,
  pending,
  downloading = false,
}: {
  online: boolean;
  pending: number;
  downloading?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <div className="sync-status" role="status" aria-label={t('sync.area')}>
      <span
        className={online ? 'sync-dot sync-dot-online' : 'sync-dot sync-dot-offline'}
        aria-hidden="true"
      />
      <span className="sync-connection">
        {downloading ? t('sync.downloading') : online ? t('sync.online') : t('sync.offline')}
      </span>{' '}
      <span className={pending > 0 ? 'sync-pending sync-pending-some' : 'sync-pending'}>
        {pending > 0 ? t('sync.pending', { count: pending }) : t('sync.allSent')}
      </span>
    </div>
  );
}
