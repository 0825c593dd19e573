import { useLayoutEffect, type RefObject } from 'react';

/** Space kept between a popover and the window's edge, and between it and its trigger. */
const EDGE = 8;
const GAP = 4;

export type Box = { top: number; left: number; bottom: number; right: number; width: number; height: number };

/**
 * Where a popover of `size` goes next to `trigger` in a `view`: below it, or above it when it fits
 * only there (flip); then moved left or right to stay inside (shift). Taller than both sides: the side
 * with more room, cut to it (the popover scrolls). Pure, so it is tested without a layout engine.
 */
export function placePopover(
  trigger: Box,
  size: { width: number; height: number },
  view: { width: number; height: number },
): { top: number; left: number; maxHeight: number } {
  const below = view.height - trigger.bottom - GAP - EDGE;
  const above = trigger.top - GAP - EDGE;
  const flip = size.height > below && above > below;
  const room = flip ? above : below;
  const height = Math.min(size.height, room);
  const top = flip ? trigger.top - GAP - height : trigger.bottom + GAP;
  // Start-aligned with the trigger; shifted left when it would pass the right edge, never past the left one.
  const left = Math.max(EDGE, Math.min(trigger.left, view.width - EDGE - size.width));
  return { top, left, maxHeight: Math.max(0, room) };
}

/**
 * Places an open popover (fixed-position in CSS) by `placePopover` against the window, so no
 * scrolling or clipping box (a dialog's body, a table) can cut it. Set on the element before the
 * browser paints, so it is never seen elsewhere and can take focus at once; placed again when the
 * window resizes or anything scrolls.
 */
export function usePopoverPlacement(
  open: boolean,
  trigger: RefObject<HTMLElement | null>,
  popover: RefObject<HTMLElement | null>,
): void {
  useLayoutEffect(() => {
    if (!open) return;
    const place = () => {
      const anchor = trigger.current;
      const floating = popover.current;
      if (!anchor || !floating) return;
      const spot = placePopover(
        anchor.getBoundingClientRect(),
        { width: floating.offsetWidth, height: floating.scrollHeight },
        { width: window.innerWidth, height: window.innerHeight },
      );
      floating.style.setProperty('top', `${spot.top}px`);
      floating.style.setProperty('left', `${spot.left}px`);
      floating.style.setProperty('max-height', `${spot.maxHeight}px`);
    };
    place();
    window.addEventListener('resize', place);
    // Capture: a scroll in any box (the dialog's body) moves the trigger.
    window.addEventListener('scroll', place, true);
    return () => {
      window.removeEventListener('resize', place);
      window.removeEventListener('scroll', place, true);
    };
  }, [open, trigger, popover]);
}
