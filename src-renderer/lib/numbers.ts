const integer = new Intl.NumberFormat('en-US');

/** "10,000": grouping fixed to the UI's language so counts read the same everywhere. */
export function formatCount(value: number): string {
  return integer.format(value);
}
