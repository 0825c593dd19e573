import type { ServiceAccount, TokenMeta } from '../../../src-shared/api/models.js';
import { attentionOf, type AttentionGroup } from '../../../src-shared/attention.js';
import type { TokenPolicy } from '../../../src-shared/token-policy.js';

/** One connection's part of an export, from its cached snapshot (never a secret: the cache holds none). */
export interface InventorySource {
  name: string;
  url: string;
  domain: string;
  /** When the data was read from the server. */
  asOf: string;
  accounts: readonly ServiceAccount[];
  tokensOf: (accountId: string) => readonly TokenMeta[] | null | undefined;
  policy: TokenPolicy | null;
}

/** One line of the inventory: an account and one of its tokens (none for an account without tokens, or whose tokens are hidden). */
export interface InventoryRow {
  connection: string;
  account: ServiceAccount;
  token: TokenMeta | null;
  /** The policy rule the token breaks, in words; null when none (or no policy known). */
  policy: string | null;
  attention: AttentionGroup[];
}

/**
 * The rows of an export: every account and token of each source, or only the tokens that need
 * attention (the Attention view's export). Policy state and attention come from the same shared rules
 * the Attention view uses.
 */
export function inventoryRows(
  source: InventorySource,
  options: { now: number; unusedDays: number; attentionOnly: boolean },
): InventoryRow[] {
  const found = attentionOf(source.accounts, source.tokensOf, source.policy, options);
  const flagged = new Map(found.entries.map((entry) => [entry.token.id, entry]));
  const rows: InventoryRow[] = [];
  for (const account of source.accounts) {
    const tokens = source.tokensOf(account.id) ?? [];
    if (tokens.length === 0 && !options.attentionOnly) {
      rows.push({ connection: source.name, account, token: null, policy: null, attention: [] });
    }
    for (const token of tokens) {
      const entry = flagged.get(token.id);
      if (options.attentionOnly && !entry) continue;
      rows.push({
        connection: source.name,
        account,
        token,
        policy: entry?.policy ?? null,
        attention: entry?.groups ?? [],
      });
    }
  }
  return rows;
}

export const CSV_COLUMNS = [
  'connection',
  'account',
  'account_id',
  'account_enabled',
  'account_roles',
  'account_groups',
  'token',
  'token_id',
  'hint',
  'status',
  'token_roles',
  'expires_at',
  'last_used_at',
  'created_at',
  'max_rps',
  'policy',
  'attention',
] as const;

function csvCells(row: InventoryRow): string[] {
  const { account, token } = row;
  return [
    row.connection,
    account.name,
    account.id,
    account.enabled ? 'yes' : 'no',
    account.roles.join(' '),
    account.groups.join(' '),
    token?.name ?? '',
    token?.id ?? '',
    token?.hint ?? '',
    token?.status ?? '',
    token?.roles.join(' ') ?? '',
    token ? (token.expiresAt ?? 'never') : '',
    token ? (token.lastUsedAt ?? 'never') : '',
    token?.createdAt ?? '',
    token ? String(token.maxRps ?? '') : '',
    token ? (row.policy ?? 'within policy') : '',
    row.attention.join(' '),
  ];
}

/**
 * A CSV cell: quoted when it holds a comma, quote or line break; and, when it starts like a formula
 * (= + - @, tab, carriage return), made plain text with a leading quote, so a spreadsheet never runs a
 * name someone chose as a formula (CSV injection).
 */
export function csvCell(text: string): string {
  const plain = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(plain) ? `"${plain.replaceAll('"', '""')}"` : plain;
}

export interface ExportHeader {
  sources: readonly Pick<InventorySource, 'name' | 'url' | 'domain' | 'asOf'>[];
  exportedAt: string;
}

/** Where the data is from, as the first lines of a CSV (`#` lines, which spreadsheets show as text). */
function headerLines(header: ExportHeader): string[] {
  return header.sources.map(
    (s) =>
      `# TokenDesk inventory of ${s.name}; server ${s.url}; domain ${s.domain}; data from ${s.asOf}; exported ${header.exportedAt}`,
  );
}

export function toCsv(header: ExportHeader, rows: readonly InventoryRow[]): string {
  const lines = [
    ...headerLines(header).map(csvCell),
    CSV_COLUMNS.join(','),
    ...rows.map((row) => csvCells(row).map(csvCell).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export function toJson(header: ExportHeader, rows: readonly InventoryRow[]): string {
  return `${JSON.stringify(
    {
      format: 'tokendesk-inventory',
      version: 1,
      exportedAt: header.exportedAt,
      sources: header.sources,
      rows: rows.map((row) => ({
        connection: row.connection,
        account: {
          id: row.account.id,
          name: row.account.name,
          enabled: row.account.enabled,
          roles: row.account.roles,
          groups: row.account.groups,
        },
        token: row.token && {
          id: row.token.id,
          name: row.token.name,
          hint: row.token.hint,
          status: row.token.status,
          roles: row.token.roles,
          expiresAt: row.token.expiresAt,
          lastUsedAt: row.token.lastUsedAt,
          createdAt: row.token.createdAt,
          maxRps: row.token.maxRps,
        },
        policy: row.policy,
        attention: row.attention,
      })),
    },
    null,
    2,
  )}\n`;
}
