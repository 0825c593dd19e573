import { expect } from 'vitest';

/**
 * Text that must be the whole of an element's text, for `toHaveTextContent`: given a string, that
 * matcher passes on any element that merely contains it.
 */
export function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/**
 * A control the user cannot use, and is told why: disabled, the reason as its tooltip, and the
 * reason as what a screen reader says about it.
 */
export function expectBlocked(control: HTMLElement, reason: string): void {
  expect(control).toBeDisabled();
  expect(control).toHaveAttribute('title', reason);
  expect(control).toHaveAccessibleDescription(reason);
}

/** The elements are, in this order, the ones named `names` (by the names a screen reader says). */
export function expectNames(elements: HTMLElement[], names: string[]): void {
  expect(elements).toHaveLength(names.length);
  elements.forEach((element, i) => expect(element).toHaveAccessibleName(names[i]));
}
