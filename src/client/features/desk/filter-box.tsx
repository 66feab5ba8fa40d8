import { useState, type ReactNode } from 'react';

/**
 * Whether a desk page's filters start unfolded: on a laptop yes; on a phone the list comes first and
 * the filters fold away.
 */
export function useFiltersOpen() {
  return useState(
    () => typeof window.matchMedia !== 'function' || window.matchMedia('(min-width: 48rem)').matches,
  );
}

/**
 * The folding filter bar of a desk list (businesses, review queue, audit log): its title says how
 * many filters are set, and the fields go in as children.
 */
export function FilterBox({
  title,
  active,
  open,
  onToggle,
  children,
}: {
  title: string;
  /** Filters set (shown beside the title when folded or not). */
  active: number;
  open: boolean;
  onToggle: () => void;
  children: ReactNode;
}) {
  return (
    <details className="card desk-filter-box" open={open}>
      <summary
        onClick={(event) => {
          event.preventDefault();
          onToggle();
        }}
      >
        {title}
        {active > 0 && ` (${active})`}
      </summary>
      <form className="desk-filters" aria-label={title} onSubmit={(e) => e.preventDefault()}>
        {children}
      </form>
    </details>
  );
}

/**
 * The end of a desk filter bar (review queue, audit log): a "from" and a "to" date, kept in the URL as
 * `dari` and `sampai`, and the button that clears every filter of the bar.
 */
export function DateRangeAndReset({
  from,
  to,
  onChange,
  onReset,
  text,
}: {
  from: string;
  to: string;
  onChange: (name: 'dari' | 'sampai', value: string) => void;
  onReset: () => void;
  text: { from: string; to: string; reset: string };
}) {
  return (
    <>
      <label className="field">
        <span>{text.from}</span>
        <input type="date" value={from} onChange={(e) => onChange('dari', e.target.value)} />
      </label>
      <label className="field">
        <span>{text.to}</span>
        <input type="date" value={to} onChange={(e) => onChange('sampai', e.target.value)} />
      </label>
      <button type="button" className="button desk-reset" onClick={onReset}>
        {text.reset}
      </button>
    </>
  );
}
