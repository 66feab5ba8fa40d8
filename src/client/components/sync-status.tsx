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
      <span className="sync-connection">{online ? t('sync.online') : t('sync.offline')}</span>{' '}
      {/* A sync's "downloading" takes the place of "all sent", the last word on the line: written
          beside the connection it pushed the count along each time a sync started or ended (a
          layout shift). Changes waiting to go up are told whatever sync is doing. */}
      <span className={pending > 0 ? 'sync-pending sync-pending-some' : 'sync-pending'}>
        {pending > 0
          ? t('sync.pending', { count: pending })
          : downloading && online
            ? t('sync.downloading')
            : t('sync.allSent')}
      </span>
    </div>
  );
}
