export type TargetKind = 'keepass' | 'pass' | 'bitwarden' | '1password';

/** One entry to write. The secret is a Buffer the caller zero-fills afterwards; targets must not keep it. */
export interface PasswordEntry {
  title: string;
  username: string;
  secret: Buffer;
  url: string;
  notes: string;
}

export interface SaveOutcome {
  kind: TargetKind;
  /** The entry's name as the target knows it (shown as "saved to", used to update it later). */
  entryTitle: string;
  /** True when an entry with that title was there and was updated (after a rotate). */
  updated: boolean;
}

export interface PasswordManagerTarget<Options> {
  readonly kind: TargetKind;
  /** Whether it can be used here, and if not, why in plain words. */
  availability(): Promise<{ available: true } | { available: false; reason: string }>;
  /** Creates the entry, or updates the one with the same title. */
  save(entry: PasswordEntry, options: Options): Promise<SaveOutcome>;
}
