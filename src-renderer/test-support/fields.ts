/**
 * The error message shown under a field: the element of class `field__error` that the field names in
 * its `aria-describedby` (a screen reader reads it with the field), or null when there is none.
 */
export function errorOf(field: HTMLElement): HTMLElement | null {
  const ids = (field.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  return (
    ids.map((id) => document.getElementById(id)).find((element) => element?.classList.contains('field__error')) ?? null
  );
}
