/**
 * Paths of the coordinator's desk pages. client/app/navigation.ts names them for the router; a
 * feature does not import the app layer, so they are built here the same way.
 */
export const REVIEW_PATH = '/koordinator';
export const reviewVisitPath = (visitId: string) => `${REVIEW_PATH}/kunjungan/${encodeURIComponent(visitId)}`;
export const businessHref = (businessId: string) => `/usaha/${encodeURIComponent(businessId)}`;
export const ASSIGNMENTS_PATH = `${REVIEW_PATH}/penugasan`;
/** The audit trail: who changed or exported what (linked from the people page). */
export const AUDIT_PATH = `${REVIEW_PATH}/audit`;
/** Merging two businesses: `kept` stays, `duplicate` is merged into it. */
export const mergePath = (keptId: string, duplicateId: string) =>
  `${REVIEW_PATH}/gabung?${new URLSearchParams({ usaha: keptId, duplikat: duplicateId }).toString()}`;
