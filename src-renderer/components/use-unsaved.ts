import { useState } from 'react';

/**
 * Whether a form's values differ from those it opened with: its Dialog then asks "Discard changes?"
 * before Escape or a click outside throws them away. Values are plain data, compared as JSON.
 */
export function useUnsaved(values: unknown): boolean {
  const [initial] = useState(() => JSON.stringify(values));
  return JSON.stringify(values) !== initial;
}
