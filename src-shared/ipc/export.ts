import { z } from 'zod';

/** `export:inventory`: what to export (one connection, or null for all), only what needs attention or everything, and how. */
export const ExportRequest = z
  .object({
    connectionId: z.string().min(1).max(100).nullable(),
    attentionOnly: z.boolean(),
    format: z.enum(['csv', 'json']),
  })
  .strict();
export type ExportRequest = z.infer<typeof ExportRequest>;

/** Where the file was written, and how many rows it holds. */
export const ExportResult = z.object({ path: z.string(), rows: z.number().int().nonnegative() });
export type ExportResult = z.infer<typeof ExportResult>;
