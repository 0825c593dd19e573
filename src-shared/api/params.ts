import { z } from 'zod';
import { DomainName, GroupName } from '../validation.js';

/** Path parameters of the REST routes. */

export const AccountId = z.string().min(1).max(100);
// Any existing token name can be addressed (older tokens may predate the naming rule); unknown ones are 404.
const AnyTokenName = z.string().min(1).max(200);

export const DomainParams = z.object({ domain: DomainName }).strict();
export const DomainAccountParams = z.object({ domain: DomainName, id: AccountId }).strict();
export const AccountParams = z.object({ id: AccountId }).strict();
export const DomainAccountTokenParams = z.object({ domain: DomainName, id: AccountId, name: AnyTokenName }).strict();
export const AccountTokenParams = z.object({ id: AccountId, name: AnyTokenName }).strict();
export const MemberParams = z.object({ domain: DomainName, id: z.string().min(1).max(100) }).strict();
export const GroupParams = z.object({ domain: DomainName, name: GroupName }).strict();
export const PersonalTokenParams = z.object({ name: AnyTokenName }).strict();
