import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '@/client/components/use-format';
import { localDb, readMeta, type ConflictRow } from '@/client/data/local-db';
import { META_PENDING_REMOVALS } from '@/client/sync/sync-meta';
import { visitHref } from './timeline';
import '@/client/i18n/history';

type Shown = { conflict: ConflictRow; visitedAt: string | null };

/** The kept losing texts of a business (and of its visits), newest first, not yet marked as read. */
async function loadConflicts(businessId: string): Promise<Shown[]> {
  const rows = await localDb.syncConflicts.where('businessId').equals(businessId).toArray();
  const open = rows.filter((row) => !row.dismissedAt).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const visitIds = open.filter((row) => row.table === 'visits').map((row) => row.rowId);
  const visits = new Map(
    (await localDb.visits.bulkGet(visitIds)).flatMap((visit) => (visit ? [[visit.id, visit.visitedAt]] : [])),
  );
  return open.map((conflict) => ({
    conflict,
    visitedAt: conflict.table === 'visits' ? (visits.get(conflict.rowId) ?? null) : null,
  }));
}

/**
 * "Teks yang tertimpa": when the same text was changed on two devices before they synced, the newer
 * edit wins everywhere and the losing one is kept by the server (sync.md) and shown here, to the
 * coach and the coordinator, so nothing typed is silently lost. The reader copies what still matters
 * into the field and marks it as read on this device.
 */
export function ConflictTexts({ businessId, userId }: { businessId: string; userId: string | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const [notice, setNotice] = useState('');
  const shown = useLiveQuery(() => loadConflicts(businessId), [businessId]);
  if (!shown || shown.length === 0) return null;

  const fieldLabel = (field: string) =>
    t(`history.conflicts.fields.${field}`, { defaultValue: field }) as string;
  const placeOf = ({ conflict, visitedAt }: Shown) => {
    if (conflict.table === 'businesses') return t('history.conflicts.profile');
    if (conflict.table === 'visits') {
      return visitedAt
        ? t('history.conflicts.visit', { date: format.date(visitedAt) })
        : t('history.conflicts.visitUnknown');
    }
    return t('history.conflicts.other');
  };
  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setNotice(t('history.conflicts.copied'));
    } catch {
      setNotice(t('history.conflicts.copyFailed'));
    }
  };
  const dismiss = async (id: string) => {
    await localDb.syncConflicts.update(id, { dismissedAt: new Date().toISOString() });
  };

  return (
    <section className="card bp-conflicts" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.conflicts.heading')}</h2>
      <p className="muted">{t('history.conflicts.intro')}</p>
      <ul className="bp-conflict-list">
        {shown.map((item) => {
          const { conflict } = item;
          return (
            <li key={conflict.id}>
              <p className="bp-conflict-where">
                <strong>
                  {t('history.conflicts.where', { field: fieldLabel(conflict.field), place: placeOf(item) })}
                </strong>
              </p>
              <blockquote className="bp-conflict-text">{conflict.losingValue}</blockquote>
              <p className="muted">
                {conflict.losingUserId === userId && userId !== null
                  ? t('history.conflicts.byYou')
                  : t('history.conflicts.byOther')}{' '}
                · {t('history.conflicts.keptOn', { date: format.dateTime(conflict.createdAt) })}
              </p>
              <div className="button-row">
                <button type="button" className="button" onClick={() => void copy(conflict.losingValue)}>
                  {t('history.conflicts.copy')}
                </button>
                {conflict.table === 'visits' && item.visitedAt && (
                  <Link className="button" to={visitHref(conflict.rowId)}>
                    {t('history.conflicts.openVisit')}
                  </Link>
                )}
                <button type="button" className="button" onClick={() => void dismiss(conflict.id)}>
                  {t('history.conflicts.dismiss')}
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <p role="status" className="bp-conflict-notice">
        {notice}
      </p>
    </section>
  );
}

/** Whether this business is leaving the phone (moved to another coach, waiting for unsent changes). */
export function useMovedAway(businessId: string): boolean {
  return (
    useLiveQuery(async () => {
      const pending = (await readMeta<string[]>(localDb, META_PENDING_REMOVALS)) ?? [];
      return pending.includes(businessId);
    }, [businessId]) ?? false
  );
}
