import { SetMetadata } from '@nestjs/common';
import type { Role } from '@lib/ledger';

export type AccessPolicy = { public: true } | { public: false; roles: readonly Role[] };

export const ACCESS_POLICY = 'access-policy';

/** No token needed. */
export const Public = () => SetMetadata(ACCESS_POLICY, { public: true } satisfies AccessPolicy);

/** Any authenticated, active user holding one of these roles. */
export const Allow = (...roles: readonly Role[]) =>
  SetMetadata(ACCESS_POLICY, { public: false, roles } satisfies AccessPolicy);

export const ANY_ROLE: readonly Role[] = ['ADMIN', 'PHARMACIST', 'INVESTIGATOR', 'COMPLIANCE_OFFICER', 'REGULATOR'];
