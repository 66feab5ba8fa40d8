const WIDTH = 320;
const HEIGHT = 72;
const PAD = 6;

/**
 * A small line of monthly figures, drawn as inline SVG (no chart library on the phone). The drawing
 * is decoration: the `summary` next to it says the same in words for everyone, screen readers too.
 */
export function SalesSparkline({ values, summary }: { values: readonly number[]; summary: string }) {
  const max = Math.max(...values);
  const min = Math.min(...values);
  const span = max - min || 1;
  const step = values.length > 1 ? (WIDTH - PAD * 2) / (values.length - 1) : 0;
  const points = values.map((value, index) => {
    const x = values.length > 1 ? PAD + index * step : WIDTH / 2;
    // A flat series sits in the middle rather than on the floor.
    const y = max === min ? HEIGHT / 2 : HEIGHT - PAD - ((value - min) / span) * (HEIGHT - PAD * 2);
    return { x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 };
  });
  const last = points[points.length - 1];
  return (
    <figure className="bp-sparkline">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
        <line x1={PAD} x2={WIDTH - PAD} y1={HEIGHT - PAD} y2={HEIGHT - PAD} className="bp-sparkline-base" />
        <polyline
          points={points.map((point) => `${point.x},${point.y}`).join(' ')}
          className="bp-sparkline-line"
        />
        {last && <circle cx={last.x} cy={last.y} r={4} className="bp-sparkline-dot" />}
      </svg>
      <figcaption>{summary}</figcaption>
    </figure>
  );
}
