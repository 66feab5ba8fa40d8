import { useLiveQuery } from 'dexie-react-hooks';
import { useDeferredValue, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalDb } from '@/client/data/local-db';
import type { Business } from '@/shared/domain/business';
import { foldText } from '@/shared/text/fuzzy';
import '@/client/i18n/visits';

/** Enough to pick from while typing; more means the coach should type more of the name. */
const MAX_RESULTS = 20;

/**
 * Picking the business of a visit started without one (from the visits menu): the coach's own
 * businesses first, matched by every typed word against the name, brand and owner.
 */
export function VisitBusinessPicker({
  db,
  coachId,
  onPick,
}: {
  db: LocalDb;
  coachId: string;
  onPick: (business: Business) => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const inputId = useId();
  const results = useLiveQuery(async () => {
    const words = foldText(deferred).split(' ').filter(Boolean);
    const all = await db.businesses.toArray();
    const matches = all.filter((business) => {
      if (business.deletedAt) return false;
      const text = foldText(`${business.name} ${business.brand ?? ''} ${business.ownerName}`);
      return words.every((word) => text.includes(word));
    });
    matches.sort(
      (a, b) =>
        Number(b.assignedCoachId === coachId) - Number(a.assignedCoachId === coachId) ||
        a.name.localeCompare(b.name, 'id'),
    );
    return { total: matches.length, shown: matches.slice(0, MAX_RESULTS) };
  }, [db, deferred, coachId]);

  return (
    <div className="card vf-business-picker">
      <div className="field">
        <label htmlFor={inputId}>{t('visits.form.pickBusiness')}</label>
        <input
          id={inputId}
          type="search"
          value={query}
          autoComplete="off"
          onChange={(event) => setQuery(event.target.value)}
          aria-describedby={`${inputId}-count`}
        />
      </div>
      <p id={`${inputId}-count`} className="muted" role="status">
        {results === undefined
          ? t('app.loading')
          : results.total === 0
            ? t('visits.form.noBusinessFound')
            : t('visits.form.businessesFound', { count: results.total })}
      </p>
      {results && results.shown.length > 0 && (
        <ul className="vf-business-results">
          {results.shown.map((business) => (
            <li key={business.id}>
              <button type="button" className="vf-business-option" onClick={() => onPick(business)}>
                <span className="vf-business-name">{business.name}</span>
                <span className="muted"> · {business.ownerName}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
