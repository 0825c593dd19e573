import { useLayoutEffect, useState, type RefObject } from 'react';

/**
 * The element's width in pixels, followed as it resizes; null until it has one (the first frame, or a
 * test without layout), which callers take as wide: the full layout is the default.
 */
export function useWidth(ref: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    // Rounded, so sub-pixel changes do not re-render.
    const update = (next: number) => setWidth(next > 0 ? Math.round(next) : null);
    update(el.getBoundingClientRect().width);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      if (entry) update(entry.contentRect.width);
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
