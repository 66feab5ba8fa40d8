/** Pieces of the Today screen shared by its sections (today-page.tsx, owner-requests-section.tsx). */
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BusinessSummary } from '@/client/data/today-repository';
import '@/client/i18n/today';

// Paths of the pages Today links to (client/app/navigation.ts names them; a feature does not import app/).
export const businessHref = (id: string) => `/usaha/${encodeURIComponent(id)}`;

/** The hidden end of a repeated link's name ("Mulai kunjungan: Kue Renyah"), so each is distinct. */
export function Context({ children }: { children: ReactNode }) {
  return <span className="visually-hidden">: {children}</span>;
}

/** Rows a section shows before "show all": Today must fit a glance even when a list runs to a hundred. */
const VISIBLE_ROWS = 5;

/** One Today section: a heading with its count, then the list (first rows, "show all") or what "empty" means. */
export function Section<T>({
  title,
  items,
  total,
  empty,
  limit = VISIBLE_ROWS,
  renderItem,
  footer,
}: {
  title: string;
  items: readonly T[];
  /** The count when `items` holds only part of the list; defaults to `items.length`. */
  total?: number;
  empty: string;
  limit?: number;
  renderItem: (item: T) => ReactNode;
  footer?: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const listId = useId();
  const [expanded, setExpanded] = useState(false);
  const count = total ?? items.length;
  const shown = expanded ? items : items.slice(0, limit);
  return (
    <section className="card today-section" aria-labelledby={id}>
      <h2 id={id} className="today-section-title">
        <span>{title}</span>
        <span className={count > 0 ? 'today-count today-count-some' : 'today-count'}>{count}</span>
      </h2>
      {count === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ul className="today-list" id={listId}>
          {shown.map(renderItem)}
        </ul>
      )}
      {items.length > limit && (
        <button
          type="button"
          className="button button-block today-more"
          aria-expanded={expanded}
          aria-controls={listId}
          onClick={() => setExpanded((value) => !value)}
        >
          {expanded ? t('today.showFewer') : t('today.showAll', { count: items.length })}
        </button>
      )}
      {footer}
    </section>
  );
}

export function BusinessLine({ business, villageName }: { business: BusinessSummary; villageName: string }) {
  return (
    <>
      <Link className="today-item-title" to={businessHref(business.id)}>
        {business.name}
      </Link>
      <p className="today-item-meta">
        {business.brand ? `${business.brand} · ` : ''}
        {villageName}
      </p>
    </>
  );
}
