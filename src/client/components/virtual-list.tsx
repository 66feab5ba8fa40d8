import { useState, type ReactNode, type UIEvent } from 'react';

/**
 * A list that renders only the rows in view (plus a few either side), so 22,000 results scroll as
 * smoothly as 20 on a cheap phone. Rows have one fixed height; the list scrolls inside its own box.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  height,
  label,
  getKey,
  renderRow,
  overscan = 6,
}: {
  items: readonly T[];
  rowHeight: number;
  /** CSS height of the scrolling box, e.g. '60vh'. */
  height: string;
  label: string;
  getKey: (item: T) => string;
  renderRow: (item: T) => ReactNode;
  overscan?: number;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    setScrollTop(event.currentTarget.scrollTop);
    setViewport(event.currentTarget.clientHeight);
  };
  return (
    <div className="virtual-list" style={{ height, overflowY: 'auto' }} onScroll={onScroll}>
      <ul
        aria-label={label}
        style={{
          position: 'relative',
          height: items.length * rowHeight,
          margin: 0,
          padding: 0,
          listStyle: 'none',
        }}
      >
        {items.slice(first, last).map((item, i) => (
          <li
            key={getKey(item)}
            style={{
              position: 'absolute',
              top: (first + i) * rowHeight,
              left: 0,
              right: 0,
              height: rowHeight,
            }}
          >
            {renderRow(item)}
          </li>
        ))}
      </ul>
    </div>
  );
}
