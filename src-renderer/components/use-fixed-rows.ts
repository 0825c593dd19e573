import { useCallback, useLayoutEffect, useRef, useState, type RefObject } from 'react';

/** One row in (or near) view: its place in the list and its top edge in the scrolled content. */
export type FixedRow = { index: number; start: number };

export type FixedRowWindow = {
  /** The rows in view plus `overscan` on each side, in order. */
  items: FixedRow[];
  /** The scrolled content's height: every row, none of them built. */
  totalSize: number;
  /** The scroll offset last seen (by a scroll event or a scroll made here), without reading the element. */
  scrollOffset: () => number;
  scrollToOffset: (top: number) => void;
  /** Scrolls the least distance that shows the row whole (nothing when it already is). */
  scrollToIndex: (index: number) => void;
};

/**
 * Which rows of a list of equally tall rows are in view: arithmetic on the scroll offset and the
 * view's height, so its cost is that of the rows in view whatever the list's length. (A general
 * virtualizer keeps a measurement per row and rebuilds them all when the count changes, which at
 * 100,000 rows is most of a search keystroke.)
 */
export function fixedRowWindow(
  count: number,
  rowHeight: number,
  offset: number,
  viewHeight: number,
  overscan: number,
): FixedRow[] {
  if (count <= 0) return [];
  const first = Math.max(0, Math.floor(offset / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((offset + viewHeight) / rowHeight) - 1 + overscan);
  const items: FixedRow[] = [];
  for (let index = first; index <= last; index++) items.push({ index, start: index * rowHeight });
  return items;
}

export type FixedRowsOptions = {
  count: number;
  rowHeight: number;
  overscan: number;
  /**
   * Rows beyond the view while the list is at its top, if fewer than `overscan`: every row rendered
   * there is laid out and painted again whenever the list's content changes (a search keystroke,
   * which also brings the list to its top), and a first scroll from the top renders the rest.
   */
  overscanAtTop?: number;
  scrollRef: RefObject<HTMLElement | null>;
  initialOffset: number;
  /** The view's height until it is measured (the first frame, or tests without layout). */
  initialHeight: number;
};

/** A virtual list of rows `rowHeight` tall in the scrolling element `scrollRef` (see fixedRowWindow). */
export function useFixedRows({
  count,
  rowHeight,
  overscan,
  overscanAtTop = overscan,
  scrollRef,
  initialOffset,
  initialHeight,
}: FixedRowsOptions): FixedRowWindow {
  const offset = useRef(initialOffset);
  // Rendered from the first row and the view's height in rows, not the offset: scrolling within a row
  // renders nothing.
  const [view, setView] = useState(() => ({
    firstRow: Math.floor(initialOffset / rowHeight),
    height: initialHeight,
  }));
  const follow = useCallback(
    (top: number, height?: number) => {
      offset.current = top;
      setView((current) => {
        const next = { firstRow: Math.floor(top / rowHeight), height: height ?? current.height };
        return next.firstRow === current.firstRow && next.height === current.height ? current : next;
      });
    },
    [rowHeight],
  );

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (initialOffset !== 0) el.scrollTop = initialOffset;
    // An element without layout (a test) reports 0: keep the assumed height then.
    const measure = () => (el.clientHeight > 0 ? el.clientHeight : undefined);
    follow(el.scrollTop, measure());
    const onScroll = () => follow(el.scrollTop);
    el.addEventListener('scroll', onScroll, { passive: true });
    const observer =
      typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => follow(el.scrollTop, measure()));
    observer?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      observer?.disconnect();
    };
    // Mount only: the initial offset applies once, like a virtualizer's initialOffset.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scrollRef, follow]);

  const scrollToOffset = useCallback(
    (top: number) => {
      const el = scrollRef.current;
      if (el) el.scrollTop = top;
      // Followed now, not at the scroll event: the rows scrolled to render in this pass.
      follow(Math.max(0, top));
    },
    [scrollRef, follow],
  );
  const height = view.height;
  const scrollToIndex = useCallback(
    (index: number) => {
      const top = index * rowHeight;
      const bottom = top + rowHeight;
      if (top < offset.current) scrollToOffset(top);
      else if (bottom > offset.current + height) scrollToOffset(bottom - height);
    },
    [rowHeight, height, scrollToOffset],
  );

  return {
    items: fixedRowWindow(
      count,
      rowHeight,
      view.firstRow * rowHeight,
      view.height + rowHeight,
      view.firstRow === 0 ? overscanAtTop : overscan,
    ),
    totalSize: count * rowHeight,
    scrollOffset: useCallback(() => offset.current, []),
    scrollToOffset,
    scrollToIndex,
  };
}
