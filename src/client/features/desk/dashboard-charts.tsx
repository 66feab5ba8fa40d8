/**
 * The dashboard's small charts, drawn as plain SVG (no chart library: a few rectangles and lines
 * read at a glance and weigh nothing). Every chart sits in a ChartCard whose "Lihat sebagai
 * tabel" button swaps it for a real <table> of the same numbers, for screen readers, for copying
 * and for anyone who prefers figures.
 */
import { useId, useState, type ReactNode } from 'react';

export function ChartCard({
  title,
  description,
  table,
  children,
  showTableText,
  showChartText,
}: {
  title: string;
  description?: ReactNode;
  /** The same numbers as a <table>. */
  table: ReactNode;
  children: ReactNode;
  showTableText: string;
  showChartText: string;
}) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  return (
    <section className="card dash-card" aria-labelledby={headingId}>
      <div className="dash-card-head">
        <h2 id={headingId}>{title}</h2>
        <button
          type="button"
          className="button dash-toggle"
          aria-pressed={asTable}
          onClick={() => setAsTable(!asTable)}
        >
          {asTable ? showChartText : showTableText}
        </button>
      </div>
      {description && <div className="dash-card-description">{description}</div>}
      {asTable ? (
        <div className="dash-table-wrap" tabIndex={0} role="group" aria-labelledby={headingId}>
          {table}
        </div>
      ) : (
        children
      )}
    </section>
  );
}

export type BarRow = { key: string; label: ReactNode; value: number; valueText: string };

/** Horizontal bars, one per row, scaled to the largest value (or to `max`). */
export function BarList({
  rows,
  max,
  tone = 'brand',
}: {
  rows: readonly BarRow[];
  max?: number;
  tone?: Tone;
}) {
  const top = Math.max(max ?? 0, ...rows.map((row) => row.value), 1);
  return (
    <ul className="dash-bars" aria-hidden="true">
      {rows.map((row) => (
        <li key={row.key} className="dash-bar-row">
          <span className="dash-bar-label">{row.label}</span>
          <svg className="dash-bar" viewBox="0 0 100 10" preserveAspectRatio="none" focusable="false">
            <rect x="0" y="0" width="100" height="10" className="dash-bar-track" />
            <rect x="0" y="0" width={(row.value / top) * 100} height="10" className={`dash-fill-${tone}`} />
          </svg>
          <span className="dash-bar-value">{row.valueText}</span>
        </li>
      ))}
    </ul>
  );
}

export type Tone = 'brand' | 'good' | 'warn' | 'muted';

/** Columns over time (weeks), scaled to `max` so several of them compare. */
export function ColumnSpark({
  values,
  max,
  label,
  tone = 'brand',
}: {
  values: readonly number[];
  max: number;
  label: string;
  tone?: Tone;
}) {
  const top = Math.max(max, 1);
  const width = values.length * 10;
  return (
    <svg
      className="dash-spark"
      viewBox={`0 0 ${width} 30`}
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      focusable="false"
    >
      <line x1="0" y1="29.5" x2={width} y2="29.5" className="dash-axis" />
      {values.map((value, i) => {
        const height = (value / top) * 28;
        return (
          <rect
            key={i}
            x={i * 10 + 1.5}
            y={29 - height}
            width="7"
            height={height}
            className={`dash-fill-${tone}`}
          />
        );
      })}
    </svg>
  );
}

/** A line of shares (0–1) over time, with its last point marked. */
export function ShareLine({
  shares,
  label,
  tone = 'brand',
}: {
  shares: readonly number[];
  label: string;
  tone?: Tone;
}) {
  const step = shares.length > 1 ? 100 / (shares.length - 1) : 0;
  const points = shares.map((share, i) => `${(i * step).toFixed(2)},${(30 - share * 28 - 1).toFixed(2)}`);
  const last = points[points.length - 1];
  return (
    <svg
      className="dash-spark"
      viewBox="0 0 100 30"
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
      focusable="false"
    >
      <line x1="0" y1="29.5" x2="100" y2="29.5" className="dash-axis" />
      <line x1="0" y1="1" x2="100" y2="1" className="dash-axis dash-axis-top" />
      {points.length > 1 && (
        <polyline points={points.join(' ')} className={`dash-line dash-stroke-${tone}`} />
      )}
      {last && (
        <circle
          cx={last.split(',')[0]}
          cy={last.split(',')[1]}
          r="2"
          className={`dash-fill-${tone}`}
          vectorEffect="non-scaling-stroke"
        />
      )}
    </svg>
  );
}

/** Progress against a target: the filled part, and the target's end. */
export function TargetBar({ value, target, label }: { value: number; target: number | null; label: string }) {
  const top = Math.max(target ?? 0, value, 1);
  return (
    <svg
      className="dash-target"
      viewBox="0 0 100 12"
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <rect x="0" y="0" width="100" height="12" className="dash-bar-track" />
      <rect x="0" y="0" width={(value / top) * 100} height="12" className="dash-fill-brand" />
      {target !== null && target > 0 && (
        <line
          x1={(target / top) * 100}
          y1="0"
          x2={(target / top) * 100}
          y2="12"
          className="dash-target-mark"
        />
      )}
    </svg>
  );
}
