import { z } from 'zod';
import { HttpError } from './errors.js';

export type InputPart = 'params' | 'query' | 'body';

export interface ValidationIssue {
  in: InputPart;
  path: string;
  code: string;
  message: string;
}

/** Parses one part of a request with its zod schema; a failure is a 400 listing every issue. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, part: InputPart): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: ValidationIssue[] = result.error.issues.flatMap((issue): ValidationIssue[] => {
    const path = issue.path.map(String).join('.');
    // One entry per unknown key, named by its own path, so a client can point at the field.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        in: part,
        path: path ? `${path}.${key}` : key,
        code: issue.code,
        message: `Unknown ${part === 'query' ? 'query parameter' : 'field'} "${key}".`,
      }));
    }
    return [{ in: part, path, code: issue.code, message: issue.message }];
  });
  // Fields the endpoint does not take are refused as such, never ignored: no mass assignment.
  const unknown = part === 'body' ? issues.filter((i) => i.code === 'unrecognized_keys') : [];
  if (unknown.length > 0) {
    const names = unknown.map((i) => i.path).join(', ');
    const accepted = acceptedFields(schema);
    throw new HttpError(
      400,
      'unknown_fields',
      `The request body has ${unknown.length === 1 ? 'a field' : 'fields'} this endpoint does not take: ${names}.` +
        (accepted.length > 0 ? ` It takes: ${accepted.join(', ')}.` : ''),
      [...unknown, ...issues.filter((i) => i.code !== 'unrecognized_keys')],
    );
  }
  const summary = issues
    .slice(0, 3)
    .map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
    .join('; ');
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  throw new HttpError(400, 'validation_failed', `The request ${part} is not valid. ${summary}${more}`, issues);
}

/** The top-level keys an object schema takes, for messages. */
function acceptedFields(schema: z.ZodType): string[] {
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The details of a refusal about one field of the body: one issue, as validation_failed lists them. */
export function bodyIssue(path: string, code: string, message: string): ValidationIssue[] {
  return [{ in: 'body', path, code, message }];
}

/** 409 name_taken about the body's `name`, in the message's words. */
export function nameTaken(message: string): HttpError {
  return new HttpError(409, 'name_taken', message, bodyIssue('name', 'name_taken', message));
}
