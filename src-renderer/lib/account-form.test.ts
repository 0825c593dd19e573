import { describe, expect, it } from 'vitest';
import { grantedAndDeniedMessage } from '../../src-shared/api/service-accounts.js';
import { account } from '../test-support/fixtures.js';
import {
  CHOOSE_ROLE_MESSAGE,
  CREATE_FIELDS,
  EDIT_FIELDS,
  NO_ROLE_MESSAGE,
  emptyCreateForm,
  fieldErrorsFromFailure,
  nameProblem,
  resultingAccess,
  resultingPermissions,
  resultingRoles,
  validateCreateForm,
  validateEditForm,
} from './account-form.js';

const accounts = [account({ id: 'sa1', name: 'ci_deployer', roles: ['Deployment', 'Viewer'] })];

describe('nameProblem', () => {
  it('accepts what the shared rule accepts', () => {
    expect(nameProblem('ci_deployer')).toBeNull();
    expect(nameProblem('abc')).toBeNull();
    expect(nameProblem('a'.repeat(64))).toBeNull();
  });

  it('says what exactly is wrong', () => {
    expect(nameProblem('')).toBe('Enter a name.');
    expect(nameProblem('Bad-Name')).toBe('Not allowed: uppercase letters (B, N), “-”.');
    expect(nameProblem('two words')).toBe('Not allowed: spaces.');
    expect(nameProblem('ab')).toBe('Too short: at least 3 characters (2 now).');
    expect(nameProblem('a'.repeat(65))).toBe('Too long: at most 64 characters (65 now).');
  });
});

describe('resulting roles and permissions', () => {
  it('joins chosen and copied roles in the built-in order', () => {
    expect(resultingRoles({ roles: ['Viewer'], copyFrom: { kind: 'role', role: 'Admin' } }, accounts)).toEqual([
      'Admin',
      'Viewer',
    ]);
    expect(resultingRoles({ roles: ['Viewer'], copyFrom: { kind: 'account', accountId: 'sa1' } }, accounts)).toEqual([
      'Deployment',
      'Viewer',
    ]);
    expect(resultingRoles({ roles: [], copyFrom: { kind: 'scratch' } }, accounts)).toEqual([]);
  });

  it('permissions are the union of the roles’ permissions', () => {
    expect(resultingPermissions({ roles: ['Deployment', 'Viewer'] })).toEqual([
      'service_account.read',
      'access_token.manage',
      'member.read',
      'log.read',
    ]);
  });
});

describe('resultingAccess: Planhat’s three starts', () => {
  const source = account({
    id: 'sa9',
    name: 'nightly_export',
    roles: ['Viewer'],
    grants: ['audit.read'],
    denies: ['member.read'],
  });

  it('a copy from a service account brings its roles, grants and denies', () => {
    const copyFrom = { kind: 'account', accountId: 'sa9' } as const;
    expect(resultingAccess({ roles: [], grants: [], copyFrom }, [source])).toEqual({
      roles: ['Viewer'],
      grants: ['audit.read'],
      denies: ['member.read'],
    });
    expect(resultingPermissions(resultingAccess({ roles: [], grants: [], copyFrom }, [source]))).toEqual([
      'service_account.read',
      'audit.read',
    ]);
  });

  it('a permission ticked here that the copied account denies is refused before sending, in the server’s words', () => {
    const values = {
      ...emptyCreateForm(['admins']),
      name: 'copy_bot',
      grants: ['member.read' as const],
      copyFrom: { kind: 'account', accountId: 'sa9' } as const,
    };
    expect(validateCreateForm(values, [source])).toEqual({
      ok: false,
      errors: { roles: grantedAndDeniedMessage(['member.read']) },
    });
  });

  it('a copy from a role brings the role only', () => {
    expect(
      resultingAccess({ roles: [], grants: [], copyFrom: { kind: 'role', role: 'Deployment' } }, [source]),
    ).toEqual({ roles: ['Deployment'], grants: [], denies: [] });
  });
});

describe('validateCreateForm', () => {
  it('from scratch, permissions alone are enough: they go out as grants, with no role', () => {
    const values = { ...emptyCreateForm(['admins']), name: 'audit_reader', grants: ['audit.read' as const] };
    expect(validateCreateForm(values, accounts)).toEqual({
      ok: true,
      body: {
        name: 'audit_reader',
        description: '',
        roles: [],
        grants: ['audit.read'],
        groups: ['admins'],
        basicAuthEnabled: false,
      },
    });
  });

  it('needs a name and at least one resulting role', () => {
    const result = validateCreateForm(emptyCreateForm(['admins']), accounts);
    expect(result).toEqual({ ok: false, errors: { name: 'Enter a name.', roles: NO_ROLE_MESSAGE } });
  });

  it('a copied role is enough, and goes out as copyPermissionsFrom', () => {
    const values = {
      ...emptyCreateForm(['admins']),
      name: 'release_bot',
      copyFrom: { kind: 'role', role: 'Viewer' },
    } as const;
    const result = validateCreateForm({ ...values, roles: [], groups: ['admins'] }, accounts);
    expect(result).toEqual({
      ok: true,
      body: {
        name: 'release_bot',
        description: '',
        roles: [],
        groups: ['admins'],
        basicAuthEnabled: false,
        copyPermissionsFrom: { role: 'Viewer' },
      },
    });
  });

  it('asks which role or account to copy from once that is the choice', () => {
    const values = { ...emptyCreateForm([]), name: 'abc', roles: ['Viewer' as const] };
    expect(validateCreateForm({ ...values, copyFrom: { kind: 'role', role: null } }, accounts)).toMatchObject({
      ok: false,
      errors: { copyFrom: CHOOSE_ROLE_MESSAGE },
    });
    expect(validateCreateForm({ ...values, copyFrom: { kind: 'account', accountId: 'gone' } }, accounts)).toMatchObject(
      {
        ok: false,
        errors: { copyFrom: expect.stringContaining('not in this connection’s data') as unknown },
      },
    );
  });

  it('holds the description to 1,000 characters', () => {
    const values = { ...emptyCreateForm([]), name: 'abc', roles: ['Viewer' as const], description: 'x'.repeat(1001) };
    expect(validateCreateForm(values, accounts)).toMatchObject({
      ok: false,
      errors: { description: expect.any(String) as unknown },
    });
  });
});

describe('validateEditForm', () => {
  const row = account({ id: 'sa1', name: 'ci_deployer', description: 'old', roles: ['Viewer'], groups: ['admins'] });

  it('sends only what changed', () => {
    const result = validateEditForm(
      { description: 'new', roles: ['Viewer'], groups: ['admins'], basicAuthEnabled: false },
      row,
    );
    expect(result).toEqual({ ok: true, patch: { description: 'new' }, changed: true });
    expect(
      validateEditForm({ description: 'old', roles: ['Viewer'], groups: ['admins'], basicAuthEnabled: false }, row),
    ).toEqual({ ok: true, patch: {}, changed: false });
  });

  it('keeps at least one role', () => {
    expect(
      validateEditForm({ description: 'old', roles: [], groups: ['admins'], basicAuthEnabled: false }, row),
    ).toEqual({ ok: false, errors: { roles: 'Choose at least one role.' } });
  });

  it('lets an account that holds a granted permission go without a role', () => {
    const granted = { ...row, grants: ['audit.read' as const] };
    expect(
      validateEditForm({ description: 'old', roles: [], groups: ['admins'], basicAuthEnabled: false }, granted),
    ).toEqual({ ok: true, patch: { roles: [] }, changed: true });
  });
});

describe('fieldErrorsFromFailure', () => {
  it('puts a taken name under the name field, in the server’s words', () => {
    const error = { code: 'name_taken', message: 'A service account named "x" already exists.' };
    expect(fieldErrorsFromFailure(error, CREATE_FIELDS)).toEqual({ name: error.message });
  });

  it('reads the server’s dotted paths and main’s nested array paths', () => {
    const server = {
      code: 'validation_failed',
      message: 'The request body is not valid.',
      details: [{ in: 'body', path: 'roles.0', code: 'invalid_value', message: 'Unknown role.' }],
    };
    expect(fieldErrorsFromFailure(server, EDIT_FIELDS)).toEqual({ roles: 'Unknown role.' });
    const main = {
      code: 'invalid_request',
      message: 'input.copyPermissionsFrom: bad',
      details: { issues: [{ path: ['input', 'copyPermissionsFrom', 'role'], message: 'bad' }] },
    };
    expect(fieldErrorsFromFailure(main, CREATE_FIELDS)).toEqual({ copyFrom: 'bad' });
  });
});
