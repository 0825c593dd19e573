import type { RoleName } from '../../src-shared/roles.js';

/** Account name stems; the first accounts use them bare, later ones add a number (ci_deployer_0042). */
export const ACCOUNT_STEMS = [
  'ci_deployer',
  'billing_sync',
  'etl_loader',
  'metrics_exporter',
  'backup_agent',
  'slack_notifier',
  'terraform_runner',
  'k8s_operator',
  'report_builder',
  'crm_importer',
  'search_indexer',
  'payments_webhook',
  'log_shipper',
  'invoice_mailer',
  'data_warehouse',
  'feature_flags',
  'audit_archiver',
  'release_bot',
  'inventory_sync',
  'support_widget',
] as const;

export const SERVICES = [
  'the storefront',
  'the billing API',
  'the analytics warehouse',
  'the mobile backend',
  'the customer portal',
  'the search cluster',
  'the payments gateway',
  'the reporting stack',
  'the identity service',
  'the data lake',
] as const;

export const ENVIRONMENTS = ['production', 'staging', 'the nightly build', 'eu-west', 'us-east', 'QA'] as const;

export const DESCRIPTIONS = [
  (s: string, e: string) => `Deploys ${s} to ${e} from the CI pipeline.`,
  (s: string, e: string) => `Nightly export from ${s} (${e}).`,
  (s: string, e: string) => `Reads usage data from ${s} for dashboards in ${e}.`,
  (s: string, e: string) => `Syncs customer records between ${s} and the CRM (${e}).`,
  (s: string, e: string) => `Posts alerts about ${s} to the on-call channel (${e}).`,
  (s: string, e: string) => `Rotates backups of ${s}; runs in ${e}.`,
  (s: string, _e: string) => `Integration test runner for ${s}.`,
  (_s: string, _e: string) => '',
] as const;

export const TOKEN_NAMES = [
  'primary',
  'ci',
  'nightly',
  'deploy-prod',
  'staging',
  'backup',
  'rotation-2026',
  'local-dev',
];

export const ROLE_MIXES: readonly (readonly [RoleName[], number])[] = [
  [['Deployment'], 34],
  [['Viewer'], 28],
  [['Power User'], 16],
  [['Deployment', 'Viewer'], 12],
  [['Admin'], 4],
  [['Power User', 'Deployment'], 6],
];

export const DEMO_GROUPS = [
  { name: 'data-team', description: 'Analytics and data engineering.' },
  { name: 'billing-ops', description: 'Billing and payments operations.' },
  { name: 'platform', description: 'Platform and infrastructure.' },
] as const;

export const DEMO_HUMANS = [
  { name: 'alice.ng', roles: ['Power User'] as RoleName[], groups: ['admins', 'data-team'] },
  { name: 'bob.kim', roles: ['Deployment'] as RoleName[], groups: ['data-team'] },
  { name: 'carol.diaz', roles: ['Viewer'] as RoleName[], groups: ['billing-ops'] },
] as const;

export const CLIENT_ADDRESSES = ['10.0.4.', '10.12.0.', '172.16.8.', '192.168.50.', '203.0.113.'] as const;
