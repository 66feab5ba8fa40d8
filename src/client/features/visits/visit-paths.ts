/**
 * Paths of the pages the visit screens link to. client/app/navigation.ts names them for the router;
 * a feature does not import the app layer, so they are built here the same way.
 */
export const VISITS_PATH = '/kunjungan';
export const businessHref = (businessId: string) => `/usaha/${encodeURIComponent(businessId)}`;
export const visitHref = (visitId: string) => `${VISITS_PATH}/${encodeURIComponent(visitId)}`;

/** A new visit to a business, or the draft `draftId` reopened. */
export function newVisitHref(options: { businessId?: string | null; draftId?: string | null }): string {
  const query = new URLSearchParams();
  if (options.businessId) query.set('usaha', options.businessId);
  if (options.draftId) query.set('draf', options.draftId);
  const search = query.toString();
  return search ? `${VISITS_PATH}/baru?${search}` : `${VISITS_PATH}/baru`;
}

/** What the visit page shows once after a save (the router's location state). */
export type VisitSavedState =
  { flash: 'saved' } | { flash: 'savedWithoutPhotos'; draftId: string } | { flash: 'resubmitted' };

export function readSavedState(state: unknown): VisitSavedState | null {
  if (typeof state !== 'object' || state === null || !('flash' in state)) return null;
  const flash = (state as { flash: unknown }).flash;
  if (flash === 'saved' || flash === 'resubmitted') return { flash };
  if (flash === 'savedWithoutPhotos') {
    const draftId = (state as { draftId?: unknown }).draftId;
    return typeof draftId === 'string' ? { flash, draftId } : null;
  }
  return null;
}
