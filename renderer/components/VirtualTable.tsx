/**
 * A windowed table: only the rows in view (plus a few) are in the DOM, so 5,000 phones scroll as
 * smoothly as 50. Fixed row height; ARIA table roles with row indexes so screen readers still
 * know where they are in the whole list.
 */
import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface Column<T> {
  id: string;
  header: ReactNode;
  /** CSS grid track, e.g. `8rem` or `1fr`. */
  width: string;
  cell(item: T, index: number): ReactNode;
}

interface Props<T> {
  label: string;
  items: readonly T[];
  columns: readonly Column<T>[];
  rowKey(item: T): string;
  rowHeight?: number;
  overscan?: number;
  rowClass?(item: T): string | undefined;
  /** Called after each commit with the rendered row count (for performance marks). */
  onRendered?(rows: number): void;
  empty?: ReactNode;
  testId?: string;
}

export function VirtualTable<T>({
  label,
  items,
  columns,
  rowKey,
  rowHeight = 40,
  overscan = 8,
  rowClass,
  onRendered,
  empty,
  testId,
}: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport(el.clientHeight || 600);
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the scroll position valid when the list shrinks (a filter was applied).
  useEffect(() => {
    const el = scroller.current;
    if (el && el.scrollTop > items.length * rowHeight) {
      el.scrollTop = 0;
      setScrollTop(0);
    }
  }, [items.length, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);
  const template = columns.map((c) => c.width).join(' ');

  useLayoutEffect(() => {
    onRendered?.(last - first);
  });

  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i] as T;
    rows.push(
      <div
        role="row"
        aria-rowindex={i + 2}
        key={rowKey(item)}
        className={'vt-row ' + (rowClass?.(item) ?? '')}
        style={{ transform: `translateY(${i * rowHeight}px)`, height: rowHeight, gridTemplateColumns: template }}
      >
        {columns.map((c) => (
          <div role="cell" className={`vt-cell col-${c.id}`} key={c.id}>
            {c.cell(item, i)}
          </div>
        ))}
      </div>,
    );
  }

  return (
    <div className="vt" role="table" aria-label={label} aria-rowcount={items.length + 1} data-testid={testId}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className="vt-head" style={{ gridTemplateColumns: template }}>
          {columns.map((c) => (
            <div role="columnheader" className={`vt-cell col-${c.id}`} key={c.id}>
              {c.header}
            </div>
          ))}
        </div>
      </div>
      <div className="vt-scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        {items.length === 0 ? (
          <div className="vt-empty">{empty ?? 'Nothing to show'}</div>
        ) : (
          <div role="rowgroup" className="vt-body" style={{ height: items.length * rowHeight }}>
            {rows}
          </div>
        )}
      </div>
    </div>
  );
}
