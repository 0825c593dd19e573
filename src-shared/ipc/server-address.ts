/**
 * Where a connection's requests go, as one comparable string: the URL's origin (scheme, host in
 * lower case, port without the default) and its path without trailing slashes. Two spellings of the
 * same server compare equal; anything that would send the token somewhere else does not. Null when
 * the text is not a URL.
 */
export function serverAddress(url: string): string | null {
  if (!URL.canParse(url.trim())) return null;
  const parsed = new URL(url.trim());
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}

/**
 * Whether a connection keeps talking to the same server. A change of address needs the token again:
 * the saved one is never sent to an address the user did not enter it for.
 */
export function isSameServer(a: string, b: string): boolean {
  const left = serverAddress(a);
  return left !== null && left === serverAddress(b);
}
