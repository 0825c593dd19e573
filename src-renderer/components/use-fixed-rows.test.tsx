import { act, cleanup, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeViewport } from '../test-support/layout.js';
import { fixedRowWindow, useFixedRows } from './use-fixed-rows.js';

fakeViewport('rows-view', { width: 400, height: 100 });
afterEach(cleanup);

/** The hook in a scrolling element 100 px tall: one text per row in view, and a button to scroll to row 40. */
function Rows({ count, overscanAtTop }: { count: number; overscanAtTop?: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = useFixedRows({
    count,
    rowHeight: 20,
    overscan: 1,
    ...(overscanAtTop === undefined ? {} : { overscanAtTop }),
    scrollRef,
    initialOffset: 0,
    initialHeight: 100,
  });
  return (
    <>
      <button type="button" onClick={() => rows.scrollToIndex(40)}>
        to 40
      </button>
      <div ref={scrollRef} className="rows-view" data-testid="view">
        <div data-testid="size">{rows.totalSize}</div>
        {rows.items.map((item) => (
          <p key={item.index}>{`row ${item.index} at ${item.start}`}</p>
        ))}
      </div>
    </>
  );
}

const shown = () => screen.queryAllByText(/^row /).map((row) => row.textContent);

describe('useFixedRows', () => {
  // A virtualizer that kept a measurement per row could not even hold this list; here the rows in view are all the work.
  it('costs the rows in view whatever the length: two billion rows answer as few as ten do', () => {
    const huge = 2 ** 31 - 1;
    expect(fixedRowWindow(huge, 20, 0, 100, 1).map((item) => item.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(fixedRowWindow(huge, 20, 20 * (huge - 5), 100, 1).map((item) => item.index)).toEqual([
      huge - 6,
      huge - 5,
      huge - 4,
      huge - 3,
      huge - 2,
      huge - 1,
    ]);
    render(<Rows count={huge} />);
    expect(shown()).toEqual([
      'row 0 at 0',
      'row 1 at 20',
      'row 2 at 40',
      'row 3 at 60',
      'row 4 at 80',
      'row 5 at 100',
      'row 6 at 120',
    ]);
    expect(screen.getByTestId('size')).toHaveTextContent(String(huge * 20));
  });

  it('shows no row of an empty list and stops at the last row of a short one', () => {
    expect(fixedRowWindow(0, 20, 0, 100, 4)).toEqual([]);
    expect(fixedRowWindow(3, 20, 0, 100, 4).map((item) => item.index)).toEqual([0, 1, 2]);
  });

  it('renders fewer rows beyond the view at the top when asked, and the usual number once scrolled', () => {
    render(<Rows count={100} overscanAtTop={0} />);
    // In view: 0–4, and 5 partly once scrolled within a row; nothing further at the top.
    expect(shown().at(-1)).toBe('row 5 at 100');
    const view = screen.getByTestId('view');
    act(() => {
      view.scrollTop = 200;
      view.dispatchEvent(new Event('scroll'));
    });
    expect(shown()[0]).toBe('row 9 at 180');
    expect(shown().at(-1)).toBe('row 16 at 320');
  });

  it('follows the scroll, and scrolls the least distance that shows a row whole', () => {
    render(<Rows count={100} />);
    const view = screen.getByTestId('view');
    act(() => {
      view.scrollTop = 200;
      view.dispatchEvent(new Event('scroll'));
    });
    expect(shown()[0]).toBe('row 9 at 180');
    act(() => screen.getByRole('button', { name: 'to 40' }).click());
    // Row 40 spans 800–820 px: shown whole at the bottom of a 100 px view scrolled to 720.
    expect(view.scrollTop).toBe(720);
    expect(shown()).toContain('row 40 at 800');
    expect(shown()).not.toContain('row 9 at 180');
  });
});
