import { z } from 'zod';
import { PERMISSION_INFO, permissionNamed } from '../permissions.js';
import { PERMISSIONS } from '../roles.js';
import { Description, DomainName, IsoDateTime } from '../validation.js';
import { PermissionSchema } from './models.js';

/**
 * Domain authorization bundles (custom roles): a named set of permissions an Admin defines per domain
 * and grants to people and groups. Built-in roles stay as they are.
 */

/** Letters of either case, so IOMETE's upper-case names (a bundle called MANAGE_ACCESS_TOKEN) fit. */
export const BundleName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/,
    'Use 2–64 letters, digits, dots, dashes or underscores, starting with a letter or digit.',
  );

const ALIASES = PERMISSIONS.map((p) => PERMISSION_INFO[p].alias);

/** A permission as a request may name it: its catalogue name or its alias. Answers use the catalogue name. */
export const PermissionOrAlias = z.enum([...PERMISSIONS, ...ALIASES], {
  error: `Use a permission of the catalogue: ${PERMISSIONS.join(', ')} (or its alias, such as MANAGE_ACCESS_TOKEN).`,
});

const PermissionList = z
  .array(PermissionOrAlias)
  .min(1, 'Choose at least one permission.')
  .max(PERMISSIONS.length * 2)
  .refine(
    (names) => new Set(names.map((n) => permissionNamed(n))).size === names.length,
    'List each permission once (a name and its alias are the same permission).',
  );

export const Bundle = z.object({
  name: z.string(),
  description: z.string(),
  permissions: z.array(PermissionSchema),
  createdAt: IsoDateTime,
  createdBy: z.string(),
  updatedAt: IsoDateTime,
  updatedBy: z.string(),
});
export type Bundle = z.infer<typeof Bundle>;
export const BundleListResponse = z.object({ items: z.array(Bundle) });
export type BundleListResponse = z.infer<typeof BundleListResponse>;

/** `POST …/bundles` (Admin): answers 201 with the bundle. */
export const CreateBundleBody = z
  .object({ name: BundleName, description: Description.default(''), permissions: PermissionList })
  .strict();
export type CreateBundleBody = z.input<typeof CreateBundleBody>;

/** `PATCH …/bundles/{name}` (Admin): the name identifies the bundle wherever it is granted, so it stays. */
export const PatchBundleBody = z
  .object({ description: Description, permissions: PermissionList })
  .partial()
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'Send description and/or permissions.');
export type PatchBundleBody = z.input<typeof PatchBundleBody>;

/** `PUT …/members/{id}/bundles` and `PUT …/groups/{name}/bundles` (member.manage): the whole new set. */
export const SetBundlesBody = z
  .object({
    bundles: z
      .array(BundleName)
      .max(50, 'Grant at most 50 bundles.')
      .refine((names) => new Set(names).size === names.length, 'List each bundle once.'),
  })
  .strict();
export type SetBundlesBody = z.input<typeof SetBundlesBody>;

/** What `PUT …/members/{id}/bundles` and `PUT …/groups/{name}/bundles` answer: the bundles now granted, by name. */
export const GrantedBundles = z.object({ bundles: z.array(z.string()) });
export type GrantedBundles = z.infer<typeof GrantedBundles>;

/** `…/bundles/{name}`. */
export const BundleParams = z.object({ domain: DomainName, name: BundleName }).strict();
