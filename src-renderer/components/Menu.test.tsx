import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderWithData } from '../test-support/render.js';
import { NarrowTable } from './DataTable.js';
import { placePopover } from './popover-position.js';
import { RowButtons, type RowAction } from './RowButtons.js';

const view = { width: 960, height: 600 };
const trigger = (left: number, top: number, width = 100, height = 30) => ({
  left,
  top,
  width,
  height,
  right: left + width,
  bottom: top + height,
});

describe('a popover next to its trigger', () => {
  it('opens below when it fits there', () => {
    expect(placePopover(trigger(100, 100), { width: 220, height: 150 }, view)).toEqual({
      top: 134,
      left: 100,
      maxHeight: 458,
    });
  });

  it('flips above near the bottom of the window, and shifts left at its right edge', () => {
    const spot = placePopover(trigger(860, 500), { width: 220, height: 150 }, view);
    expect(spot.top).toBe(500 - 4 - 150);
    expect(spot.left).toBe(960 - 8 - 220);
  });

  it('taller than either side: the side with more room, cut to it, never past the left edge', () => {
    const spot = placePopover(trigger(-50, 200), { width: 220, height: 900 }, view);
    expect(spot).toEqual({ top: 234, left: 8, maxHeight: 600 - 230 - 4 - 8 });
  });
});

describe('a row’s buttons in a narrow table', () => {
  function renderMenu() {
    const onRotate = vi.fn();
    const onDelete = vi.fn();
    const actions: RowAction[] = [
      { label: 'Rotate', name: 'Rotate ci-main', onClick: onRotate },
      { label: 'Max RPS', name: 'Max RPS for ci-main', blockedReason: 'Your roles do not allow it.', onClick: vi.fn() },
      { label: 'Delete', name: 'Delete ci-main', danger: true, onClick: onDelete },
    ];
    const rendered = renderWithData(
      <NarrowTable.Provider value={true}>
        <RowButtons actions={actions} rowName="ci-main" />
      </NarrowTable.Provider>,
    );
    return { ...rendered, onRotate, onDelete };
  }

  it('are one menu button; arrows, Home and End move, Enter chooses, Escape closes and returns focus', async () => {
    const { user, onRotate, onDelete } = renderMenu();
    expect(screen.queryByRole('button', { name: 'Rotate ci-main' })).not.toBeInTheDocument();
    const opener = screen.getByRole('button', { name: 'Actions for ci-main' });
    expect(opener).toHaveAttribute('aria-haspopup', 'menu');
    expect(opener).toHaveAttribute('aria-expanded', 'false');

    await user.click(opener);
    const menu = screen.getByRole('menu', { name: 'Actions for ci-main' });
    expect(opener).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('menuitem', { name: 'Rotate ci-main' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Max RPS for ci-main' })).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByRole('menuitem', { name: 'Delete ci-main' })).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Rotate ci-main' })).toHaveFocus();
    await user.keyboard('{ArrowUp}{Home}');
    expect(screen.getByRole('menuitem', { name: 'Rotate ci-main' })).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(menu).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
    expect(onRotate).not.toHaveBeenCalled();

    // Arrow Down on the button opens it too; Enter on an item does it and closes the menu.
    await user.keyboard('{ArrowDown}');
    await user.keyboard('{End}{Enter}');
    expect(onDelete).toHaveBeenCalledTimes(1);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('an action the user may not take is off in the menu too, and says why on its own line', async () => {
    const { user } = renderMenu();
    await user.click(screen.getByRole('button', { name: 'Actions for ci-main' }));
    const blocked = screen.getByRole('menuitem', { name: 'Max RPS for ci-main' });
    expect(blocked).toHaveAttribute('aria-disabled', 'true');
    expect(blocked).toHaveTextContent('Your roles do not allow it.');
    await user.click(blocked);
    // Still open: choosing an item that is off does nothing.
    expect(screen.getByRole('menu', { name: 'Actions for ci-main' })).toBeInTheDocument();
  });

  it('a wide table keeps them as buttons, each named for the row', () => {
    renderWithData(<RowButtons actions={[{ label: 'Rotate', name: 'Rotate ci-main', onClick: vi.fn() }]} />);
    expect(screen.getByRole('button', { name: 'Rotate ci-main' })).toBeVisible();
    expect(screen.queryByRole('button', { name: /^Actions/ })).not.toBeInTheDocument();
  });
});
