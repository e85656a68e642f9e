/** Stream names: `<category>-<id>`, one stream per consistency boundary. */
export const registrantStream = (registrantId: string) => `registrant-${registrantId}`;
export const userStream = (userId: string) => `user-${userId}`;
export const lotStream = (lotId: string) => `lot-${lotId}`;
export const reconciliationStream = (reconciliationId: string) => `reconciliation-${reconciliationId}`;
export const caseStream = (caseId: string) => `case-${caseId}`;
