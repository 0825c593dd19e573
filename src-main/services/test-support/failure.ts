import { expect } from 'vitest';
import type { AppError } from '../../../src-shared/errors.js';
import { AppFailure, toAppError } from '../errors.js';

/** Awaits a call that must fail with an AppFailure, and returns the error as the renderer gets it. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppFailure);
  return toAppError(error);
}
