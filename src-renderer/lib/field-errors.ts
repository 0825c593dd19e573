import { z } from 'zod';

/**
 * The one way a form turns zod's complaints into messages, built on `z.flattenError`. Complaints come
 * from the shared schemas the form checks itself with, or with a refused call: the server's `details`
 * (`{ in, path: 'roles.0', code, message }`, see src-server/http/validate.ts) or zod issues main sends.
 */

/** A complaint about part of a value: a zod issue, or one from a refused call's `details`. */
export type IssueLike = { path: readonly PropertyKey[] | string; message: string };

/** The form's names for fields the wire names otherwise (`copyPermissionsFrom` → `copyFrom`). */
export type FieldAliases = Readonly<Record<string, string>>;

/**
 * The first message for each of the form's fields. A path may be dotted (the server's) and may be
 * nested in the request around the form (`input.name`): it counts from the first segment that is one
 * of `fields`, after `aliases`. Complaints about anything else are left to the form-wide message.
 */
export function fieldErrors<F extends string>(
  issues: readonly IssueLike[],
  fields: readonly F[],
  aliases: FieldAliases = {},
): Partial<Record<F, string>> {
  const known = new Set<string>(fields);
  const atFields = issues.flatMap((issue): z.core.$ZodIssue[] => {
    const segments = (typeof issue.path === 'string' ? issue.path.split('.') : issue.path.map(String)).map(
      (segment) => aliases[segment] ?? segment,
    );
    const at = segments.findIndex((segment) => known.has(segment));
    return at < 0 ? [] : [{ code: 'custom', path: segments.slice(at), message: issue.message, input: undefined }];
  });
  const flat: Partial<Record<string, string[]>> = z.flattenError(new z.ZodError(atFields)).fieldErrors;
  const errors: Partial<Record<F, string>> = {};
  for (const field of fields) {
    const first = flat[field]?.[0];
    if (first !== undefined) errors[field] = first;
  }
  return errors;
}

/** Field messages a refused call carries in `details`: a list of complaints, or `{ issues }`. */
export function fieldErrorsFromDetails<F extends string>(
  details: unknown,
  fields: readonly F[],
  aliases: FieldAliases = {},
): Partial<Record<F, string>> {
  const list: unknown = details && typeof details === 'object' && 'issues' in details ? details.issues : details;
  return fieldErrors(Array.isArray(list) ? list.filter(isIssueLike) : [], fields, aliases);
}

/** What is wrong with one value (a name, a number) by its schema, in its words; undefined when nothing is. */
export function valueError(schema: z.ZodType, value: unknown): string | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? undefined : firstMessage(parsed.error);
}

/** One message for a failed parse: the first about the whole value, else the first about one of its fields. */
export function firstMessage(error: z.ZodError): string | undefined {
  const { formErrors, fieldErrors: byField } = z.flattenError(error);
  const fieldMessages: (string[] | undefined)[] = Object.values(byField);
  return formErrors[0] ?? fieldMessages.find((messages) => messages !== undefined && messages.length > 0)?.[0];
}

function isIssueLike(value: unknown): value is IssueLike {
  if (!value || typeof value !== 'object') return false;
  const candidate = value as { path?: unknown; message?: unknown };
  return (Array.isArray(candidate.path) || typeof candidate.path === 'string') && typeof candidate.message === 'string';
}
