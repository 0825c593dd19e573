import { z } from 'zod';
import { IsoDateTime } from '../validation.js';

export const TARGET_KINDS = ['keepass', 'pass', 'bitwarden', '1password'] as const;
export const TargetKind = z.enum(TARGET_KINDS);
export type TargetKind = z.infer<typeof TargetKind>;

export const TARGET_LABELS: Readonly<Record<TargetKind, string>> = {
  keepass: 'KeePass database',
  pass: 'pass',
  bitwarden: 'Bitwarden',
  '1password': '1Password',
};

/** A password manager as the Save to… dialog offers it. */
export const PasswordManagerInfo = z.object({
  kind: TargetKind,
  available: z.boolean(),
  /** Why it cannot be used here, in plain words; null when it can. */
  reason: z.string().nullable(),
});
export type PasswordManagerInfo = z.infer<typeof PasswordManagerInfo>;

/** The KeePass database and group picked once and remembered (a path and a name: nothing secret). */
export const KeepassPlace = z.object({ file: z.string().min(1).max(4096), group: z.string().min(1).max(200) }).strict();
export type KeepassPlace = z.infer<typeof KeepassPlace>;

export const PasswordManagers = z.object({ targets: z.array(PasswordManagerInfo), keepass: KeepassPlace.nullable() });
export type PasswordManagers = z.infer<typeof PasswordManagers>;

const RevealId = z.string().uuid();
/** A master password is asked each time and never stored. */
const MasterPassword = z.string().min(1, 'Enter the master password.').max(1024);

export const SaveRequest = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('keepass'),
      revealId: RevealId,
      place: KeepassPlace,
      masterPassword: MasterPassword,
      /** Make the database when the file is not there yet. */
      create: z.boolean().default(false),
    })
    .strict(),
  z.object({ kind: z.literal('pass'), revealId: RevealId }).strict(),
  z.object({ kind: z.literal('bitwarden'), revealId: RevealId, masterPassword: MasterPassword.optional() }).strict(),
  z.object({ kind: z.literal('1password'), revealId: RevealId }).strict(),
]);
export type SaveRequest = z.input<typeof SaveRequest>;

/** Where a token's secret was saved: the kind and the entry's title, never the secret. */
export const SavedTo = z.object({ kind: TargetKind, entryTitle: z.string(), savedAt: IsoDateTime });
export type SavedTo = z.infer<typeof SavedTo>;

export const SavedEntry = SavedTo.extend({ accountId: z.string().nullable(), tokenName: z.string() });
export type SavedEntry = z.infer<typeof SavedEntry>;

export const SaveResult = SavedTo.extend({ updated: z.boolean() });
export type SaveResult = z.infer<typeof SaveResult>;

/** Added to every answer that carries a new secret: the reveal's id, and where the token was saved before. */
export const RevealFields = z.object({ revealId: RevealId, savedTo: SavedTo.nullable() });
