import type { Page } from '@playwright/test';

/**
 * What is wrong with the layout of what the user sees now: the open modal dialog if there is one
 * (the page behind it is inert), else the whole window. Each problem is one line naming the element.
 *
 * - An interactive element that, scrolled into view, is still outside the window or outside an
 *   ancestor that clips (overflow other than visible): the user cannot reach it.
 * - A box that scrolls sideways: a column or a button is off to the right, out of sight.
 * - A table cell whose content runs over the next one; a dialog larger than the window, or whose
 *   action row is not in view as it opens.
 * - Text cut (wider than its box, which hides the rest) with no title to show it in full.
 *
 * Scrolls things into view as it goes: take a screenshot first.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const SLACK = 1;
    const modals = Array.from(document.querySelectorAll('dialog')).filter((d) => d.matches(':modal'));
    const root: Element = modals.at(-1) ?? document.body;

    const describe = (el: Element) => {
      const name = el.getAttribute('aria-label') ?? el.getAttribute('title') ?? el.textContent ?? '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(/\s+/).join('.')}` : '';
      return `<${el.tagName.toLowerCase()}${cls}> "${name.trim().replace(/\s+/g, ' ').slice(0, 70)}"`;
    };
    const shown = (el: Element) => {
      const rect = el.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) return false;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') return false;
      return el.closest('.visually-hidden, [aria-hidden="true"]') === null;
    };
    const clips = (style: CSSStyleDeclaration) => style.overflowX !== 'visible' || style.overflowY !== 'visible';
    const inside = (inner: DOMRect, outer: { left: number; top: number; right: number; bottom: number }) =>
      inner.left >= outer.left - SLACK &&
      inner.top >= outer.top - SLACK &&
      inner.right <= outer.right + SLACK &&
      inner.bottom <= outer.bottom + SLACK;

    // Nothing scrolls sideways: the window, the dialog or any box on the way.
    for (const el of [document.documentElement, ...Array.from(root.querySelectorAll('*')), root]) {
      const style = getComputedStyle(el);
      const scrolls = el === document.documentElement || style.overflowX === 'auto' || style.overflowX === 'scroll';
      if (scrolls && shown(el) && el.scrollWidth > el.clientWidth + SLACK) {
        problems.push(`scrolls sideways (${el.scrollWidth} > ${el.clientWidth}): ${describe(el)}`);
      }
    }

    // A dialog fits the window, and its action row is in view as it opens, however long its body.
    const viewport = { left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight };
    if (root !== document.body) {
      if (!inside(root.getBoundingClientRect(), viewport))
        problems.push(`dialog larger than the window: ${describe(root)}`);
      const actions = Array.from(root.querySelectorAll('.form__actions')).filter(shown).at(-1);
      if (actions && !inside(actions.getBoundingClientRect(), root.getBoundingClientRect())) {
        problems.push(`action row not in view as the dialog opens: ${describe(actions)}`);
      }
    }

    // A cell's content stays in its cell: it does not run over the next one.
    for (const cell of Array.from(root.querySelectorAll('td, th, [role="gridcell"], [role="columnheader"]'))) {
      if (
        shown(cell) &&
        cell.scrollWidth > cell.clientWidth + SLACK &&
        getComputedStyle(cell).overflowX === 'visible'
      ) {
        problems.push(`spills out of its cell (${cell.scrollWidth} > ${cell.clientWidth}): ${describe(cell)}`);
      }
    }

    const interactive = root.querySelectorAll(
      'button, a[href], input, select, textarea, summary, [role="tab"], [role="menuitem"], [tabindex]:not([tabindex="-1"])',
    );
    for (const el of Array.from(interactive)) {
      if (!shown(el)) continue;
      // Reachable means: once scrolled to (as focus would), it is in the window and in every clipping box.
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const full = el.getBoundingClientRect();
      // A focusable box bigger than the window, or than the box it scrolls in (a tab panel under a fixed
      // header), cannot fit: its top-left corner must.
      let scroller: Element | null = el.parentElement;
      while (scroller && !/(auto|scroll)/.test(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
      const area = scroller?.getBoundingClientRect() ?? new DOMRect(0, 0, viewport.right, viewport.bottom);
      const rect =
        full.width > Math.min(viewport.right, area.width) || full.height > Math.min(viewport.bottom, area.height)
          ? new DOMRect(full.left, full.top, Math.min(full.width, 40), Math.min(full.height, 20))
          : full;
      if (!inside(rect, viewport)) {
        problems.push(`outside the window (${Math.round(rect.left)},${Math.round(rect.top)}): ${describe(el)}`);
        continue;
      }
      // A fixed-position box (a menu placed against the window) escapes the boxes above it.
      let escaped = getComputedStyle(el).position === 'fixed';
      for (let up = el.parentElement; up && up !== document.documentElement && !escaped; up = up.parentElement) {
        const style = getComputedStyle(up);
        if (clips(style) && !inside(rect, up.getBoundingClientRect())) {
          problems.push(`clipped by ${describe(up).slice(0, 60)}: ${describe(el)}`);
          break;
        }
        if (up === root) break;
        escaped = style.position === 'fixed';
      }
    }

    // Cut text: wider than its box while the box hides the rest, and no title says it in full.
    for (const el of Array.from(root.querySelectorAll('*'))) {
      if (!shown(el) || (el.children.length > 0 && !el.textContent?.trim())) continue;
      const style = getComputedStyle(el);
      const cut = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis';
      if (!cut || el.scrollWidth <= el.clientWidth + SLACK || !el.textContent?.trim()) continue;
      const titled = el.closest('[title]')?.getAttribute('title')?.trim();
      if (!titled)
        problems.push(`text cut with no way to read it (${el.scrollWidth} > ${el.clientWidth}): ${describe(el)}`);
    }
    return problems;
  });
}
