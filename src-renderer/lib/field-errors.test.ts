import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { CONNECTION_FIELDS } from './connection-form.js';
import { fieldErrors, fieldErrorsFromDetails, firstMessage, valueError } from './field-errors.js';

const Body = z.object({
  name: z.string().min(3, 'Too short.'),
  roles: z.array(z.enum(['Admin', 'Viewer'], { message: 'Unknown role.' })).min(1, 'Pick a role.'),
  copyPermissionsFrom: z.object({ role: z.string().min(1, 'Choose the role.') }).optional(),
});

describe('fieldErrors', () => {
  it('gives the first message per field, for the form’s fields only', () => {
    const parsed = Body.safeParse({ name: 'a', roles: ['Root', 'Nobody'], extra: 1 });
    expect(parsed.success).toBe(false);
    expect(fieldErrors(parsed.error?.issues ?? [], ['name', 'roles'])).toEqual({
      name: 'Too short.',
      roles: 'Unknown role.',
    });
  });

  it('reads the form’s own names for the wire’s, and paths nested in the request around the form', () => {
    const issues = [
      { path: ['input', 'copyPermissionsFrom', 'role'], message: 'Choose the role.' },
      { path: 'patch.roles.0', message: 'Unknown role.' },
    ];
    expect(fieldErrors(issues, ['copyFrom', 'roles'], { copyPermissionsFrom: 'copyFrom' })).toEqual({
      copyFrom: 'Choose the role.',
      roles: 'Unknown role.',
    });
  });
});

describe('fieldErrorsFromDetails', () => {
  it('reads the server’s dotted paths and zod-like issues from main', () => {
    expect(
      fieldErrorsFromDetails(
        [
          { path: ['url'], message: 'bad url' },
          { path: ['url'], message: 'second' },
          { path: ['other'], message: 'ignored' },
        ],
        CONNECTION_FIELDS,
      ),
    ).toEqual({ url: 'bad url' });
    expect(
      fieldErrorsFromDetails([{ in: 'body', path: 'name', code: 'name_taken', message: 'taken' }], CONNECTION_FIELDS),
    ).toEqual({ name: 'taken' });
    expect(fieldErrorsFromDetails({ issues: [{ path: ['name'], message: 'taken' }] }, CONNECTION_FIELDS)).toEqual({
      name: 'taken',
    });
  });

  it('finds nothing in details of another shape', () => {
    expect(fieldErrorsFromDetails(undefined, CONNECTION_FIELDS)).toEqual({});
    expect(fieldErrorsFromDetails('text', CONNECTION_FIELDS)).toEqual({});
    expect(fieldErrorsFromDetails({ token: { name: 'x' } }, CONNECTION_FIELDS)).toEqual({});
    expect(fieldErrorsFromDetails([{ path: 3, message: 'no path' }, 'text'], CONNECTION_FIELDS)).toEqual({});
  });
});

describe('valueError and firstMessage', () => {
  it('say what is wrong with one value in the schema’s words, and nothing when it is fine', () => {
    const Name = z.string().min(3, 'At least 3 characters.');
    expect(valueError(Name, 'ab')).toBe('At least 3 characters.');
    expect(valueError(Name, 'abc')).toBeUndefined();
  });

  it('put a complaint about the whole value before one about a field', () => {
    const Range = z
      .object({ from: z.number({ message: 'A number.' }), to: z.number() })
      .refine((range) => range.from <= range.to, 'From comes before to.');
    expect(firstMessage(Range.safeParse({ from: 'x', to: 1 }).error!)).toBe('A number.');
    expect(firstMessage(Range.safeParse({ from: 2, to: 1 }).error!)).toBe('From comes before to.');
  });
});
