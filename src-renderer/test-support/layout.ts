import { afterAll, beforeAll } from 'vitest';

/**
 * happy-dom does no layout, so every element is 0×0 and a virtualizer would show no rows.
 * Give scroll containers (by class) a viewport size for the duration of a test file.
 */
export function fakeViewport(className: string, size = { width: 1000, height: 600 }): void {
  const original = {
    height: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight'),
    width: Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientWidth'),
  };
  beforeAll(() => {
    for (const [prop, value] of [
      ['clientHeight', size.height],
      ['clientWidth', size.width],
    ] as const) {
      const base = prop === 'clientHeight' ? original.height : original.width;
      Object.defineProperty(HTMLElement.prototype, prop, {
        configurable: true,
        get(this: HTMLElement) {
          return this.classList.contains(className) ? value : ((base?.get?.call(this) as number | undefined) ?? 0);
        },
      });
    }
  });
  afterAll(() => {
    if (original.height) Object.defineProperty(HTMLElement.prototype, 'clientHeight', original.height);
    if (original.width) Object.defineProperty(HTMLElement.prototype, 'clientWidth', original.width);
  });
}
