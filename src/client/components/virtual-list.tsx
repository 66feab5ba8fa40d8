import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A list that renders only the rows in view (plus a few either side), so 22,000 results scroll as
 * smoothly as 20 on a cheap phone. Rows have one fixed height. With `height` the list scrolls inside
 * its own box; without it the page itself scrolls (one scrollbar, the natural thing on a phone).
 * `role="list"`/`"listitem"` are explicit because `list-style: none` makes Safari drop the list role.
 */
export function VirtualList<T>({
  items,
  rowHeight,
  height,
  label,
  getKey,
  renderRow,
  scrollKey,
  overscan = 6,
}: {
  items: readonly T[];
  rowHeight: number;
  /** CSS height of an own scrolling box, e.g. '60vh'; omitted: the window scrolls. */
  height?: string;
  label: string;
  getKey: (item: T) => string;
  renderRow: (item: T) => ReactNode;
  /** When this changes (e.g. a new query), the list goes back to its top. */
  scrollKey?: string;
  overscan?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(800);
  const ownBox = height !== undefined;

  // Measure before paint and on every resize (rotation, keyboard), so the first frame already has
  // the right rows. In window mode "scrollTop" is how far the list's top has gone above the viewport.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    if (ownBox) {
      const measure = () => setViewport(element.clientHeight || 800);
      measure();
      if (typeof ResizeObserver === 'undefined') return;
      const observer = new ResizeObserver(measure);
      observer.observe(element);
      return () => observer.disconnect();
    }
    let frame = 0;
    const measure = () => {
      frame = 0;
      setScrollTop(Math.max(0, -element.getBoundingClientRect().top));
      setViewport(window.innerHeight || 800);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [ownBox]);

  // A new query starts at the top: state now (during render), the box's own scroll after commit.
  const [shownKey, setShownKey] = useState(scrollKey);
  if (shownKey !== scrollKey) {
    setShownKey(scrollKey);
    setScrollTop(0);
  }
  // (In window mode the page keeps its scroll: the coach types in the box above the list.)
  useLayoutEffect(() => {
    if (ownBox && box.current) box.current.scrollTop = 0;
  }, [scrollKey, ownBox]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  return (
    <div
      ref={box}
      className="virtual-list"
      style={ownBox ? { height, overflowY: 'auto', overscrollBehavior: 'contain' } : undefined}
      onScroll={ownBox ? (event) => setScrollTop(event.currentTarget.scrollTop) : undefined}
    >
      <ul
        role="list"
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
            role="listitem"
            key={getKey(item)}
            aria-setsize={items.length}
            aria-posinset={first + i + 1}
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
