import { useLiveQuery } from 'dexie-react-hooks';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/client/components/use-format';
import { localDb, readMeta, writeMeta } from '@/client/data/local-db';
import { requestSync } from '@/client/sync/sync-events';
import { META_LAST_SYNC_AT, META_REJECTIONS, type StoredRejection } from '@/client/sync/sync-meta';
import '@/client/i18n/settings';

/**
 * "Sinkronisasi": when the phone last reached the server, what is still waiting, a button to sync
 * now, and every change the server refused with its reason (kept until the coach clears the list).
 */
export function SyncCard({
  pending,
  online,
  running,
}: {
  pending: number;
  online: boolean;
  running: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const state = useLiveQuery(async () => ({
    lastSyncAt: (await readMeta<string>(localDb, META_LAST_SYNC_AT)) ?? null,
    rejections: (await readMeta<StoredRejection[]>(localDb, META_REJECTIONS)) ?? [],
  }));

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('settings.syncTitle')}</h2>
      <p>
        {state?.lastSyncAt
          ? t('settings.lastSync', { when: format.dateTime(state.lastSyncAt) })
          : t('settings.neverSynced')}
      </p>
      <p className="muted">{pending > 0 ? t('sync.pending', { count: pending }) : t('sync.allSent')}</p>
      {online ? (
        <button type="button" className="button button-primary" disabled={running} onClick={requestSync}>
          {running ? t('settings.syncing') : t('settings.syncNow')}
        </button>
      ) : (
        <p className="notice">{t('settings.syncOffline')}</p>
      )}
      {state && state.rejections.length > 0 && (
        <div className="warning" role="alert">
          <h3>{t('settings.rejectedTitle')}</h3>
          <p>{t('settings.rejectedIntro')}</p>
          <ul>
            {[...state.rejections].reverse().map((rejection) => (
              <li key={`${rejection.mutationId}-${rejection.rowId}`}>
                <strong>
                  {t('settings.rejectedItem', {
                    table: t(`settings.tables.${rejection.table}`, { defaultValue: rejection.table }),
                    when: format.dateTime(rejection.at),
                  })}
                </strong>
                : {rejection.reason === 'blobRefused' ? t('settings.blobRefused') : rejection.message}
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button"
            onClick={() => void writeMeta(localDb, META_REJECTIONS, [])}
          >
            {t('settings.rejectedClear')}
          </button>
        </div>
      )}
    </section>
  );
}
