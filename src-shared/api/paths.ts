/** REST paths, shared by the server's routes, the app's client and the tests. */
export const API_PREFIX = '/api/v1';

export const apiPaths = {
  healthz: () => `${API_PREFIX}/healthz`,
  me: () => `${API_PREFIX}/me`,
  roles: () => `${API_PREFIX}/roles`,
  openapi: () => `${API_PREFIX}/openapi.json`,
  serviceAccounts: (domain: string) => `${API_PREFIX}/domains/${enc(domain)}/service-accounts`,
  serviceAccount: (domain: string, id: string) => `${API_PREFIX}/domains/${enc(domain)}/service-accounts/${enc(id)}`,
  groups: (domain: string) => `${API_PREFIX}/domains/${enc(domain)}/groups`,
  members: (domain: string) => `${API_PREFIX}/domains/${enc(domain)}/members`,
  member: (domain: string, id: string) => `${API_PREFIX}/domains/${enc(domain)}/members/${enc(id)}`,
  group: (domain: string, name: string) => `${API_PREFIX}/domains/${enc(domain)}/groups/${enc(name)}`,
  audit: (domain: string) => `${API_PREFIX}/domains/${enc(domain)}/audit`,
  requestLogs: (domain: string, id: string) => `${API_PREFIX}/domains/${enc(domain)}/service-accounts/${enc(id)}/logs`,
  personalTokens: () => `${API_PREFIX}/auth/personal-tokens`,
  personalToken: (name: string) => `${API_PREFIX}/auth/personal-tokens/${enc(name)}`,
  domainTokens: (domain: string, serviceAccountId: string) =>
    `${API_PREFIX}/domains/${enc(domain)}/auth/service-accounts/${enc(serviceAccountId)}/tokens`,
  domainToken: (domain: string, serviceAccountId: string, name: string) =>
    `${apiPaths.domainTokens(domain, serviceAccountId)}/${enc(name)}`,
  adminToken: (serviceAccountId: string, name: string) => `${apiPaths.adminTokens(serviceAccountId)}/${enc(name)}`,
  deprecatedTokens: () => `${API_PREFIX}/auth/service-accounts/tokens`,
  adminTokens: (serviceAccountId: string) => `${API_PREFIX}/auth/service-accounts/${enc(serviceAccountId)}/tokens`,
};

function enc(segment: string): string {
  return encodeURIComponent(segment);
}
