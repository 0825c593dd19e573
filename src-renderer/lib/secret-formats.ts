/** The ways the reveal dialog can copy a secret ("Copy as…"). */
export const SECRET_FORMATS = [
  { id: 'raw', label: 'Token', pattern: '<token>' },
  { id: 'header', label: 'Authorization header', pattern: 'Authorization: Bearer <token>' },
  { id: 'shell', label: 'Shell export', pattern: 'export TOKEN=<token>' },
] as const;

export type SecretFormat = (typeof SECRET_FORMATS)[number]['id'];

export function formatSecret(format: SecretFormat, secret: string): string {
  switch (format) {
    case 'raw':
      return secret;
    case 'header':
      return `Authorization: Bearer ${secret}`;
    case 'shell':
      return `export TOKEN=${secret}`;
  }
}
