import { describe, expect, it } from 'vitest';
import { CreateBundleBody, PatchBundleBody, SetBundlesBody } from './bundles.js';

describe('bundle bodies', () => {
  it('take permissions by catalogue name or IOMETE alias, each once, and upper-case names', () => {
    const body = { name: 'MANAGE_ACCESS_TOKEN', permissions: ['MANAGE_ACCESS_TOKEN', 'member.read'] };
    expect(CreateBundleBody.parse(body)).toEqual({ ...body, description: '' });
    const twice = CreateBundleBody.safeParse({
      name: 'ops',
      permissions: ['access_token.manage', 'MANAGE_ACCESS_TOKEN'],
    });
    expect(twice.error?.issues[0]?.message).toBe(
      'List each permission once (a name and its alias are the same permission).',
    );
    const unknown = CreateBundleBody.safeParse({ name: 'ops', permissions: ['everything'] });
    expect(unknown.error?.issues[0]?.message).toMatch(/^Use a permission of the catalogue: service_account\.read, /);
    expect(CreateBundleBody.safeParse({ name: 'ops', permissions: [] }).success).toBe(false);
    expect(CreateBundleBody.safeParse({ name: '-ops', permissions: ['log.read'] }).success).toBe(false);
  });

  it('change only description or permissions, and set bundles as a whole list without repeats', () => {
    expect(PatchBundleBody.safeParse({}).success).toBe(false);
    expect(PatchBundleBody.safeParse({ name: 'other' }).success).toBe(false);
    expect(PatchBundleBody.parse({ description: 'Token operators' })).toEqual({ description: 'Token operators' });
    expect(SetBundlesBody.parse({ bundles: [] })).toEqual({ bundles: [] });
    expect(SetBundlesBody.safeParse({ bundles: ['ops', 'ops'] }).success).toBe(false);
  });
});
