/** Stream names: `<category>-<id>`, one stream per consistency boundary. */
export const registrantStream = (registrantId: string) => `registrant-${registrantId}`;
export const userStream = (userId: string) => `user-${userId}`;
/** A user's sign-in attempts: apart from `user-<id>`, so that logging in never contends with administering the user. */
export const signInStream = (userId: string) => `signin-${userId}`;
export const lotStream = (lotId: string) => `lot-${lotId}`;
export const reconciliationStream = (reconciliationId: string) => `reconciliation-${reconciliationId}`;
export const caseStream = (caseId: string) => `case-${caseId}`;
export const exportStream = (exportId: string) => `export-${exportId}`;
