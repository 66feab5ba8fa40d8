import { useEffect } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { loadBusinessPhotos } from '@/client/data/business-photo-repository';
import { localDb, readMeta } from '@/client/data/local-db';
import { loadOwnerView, type OwnerView } from '@/client/data/owner-repository';
import { loadRegionNames } from '@/client/data/reference-repository';
import { loadSession, type StoredSession } from '@/client/data/session-repository';
import { requestPhotos } from '@/client/sync/photo-download';
import { META_LAST_SYNC_AT } from '@/client/sync/sync-meta';
import type { Photo } from '@/shared/domain/photo';

export type OwnerData = {
  session: StoredSession | null;
  /** Kecamatan/kelurahan names by code, or the code itself before the reference data arrived. */
  nameOf: (code: string) => string;
  cityName: string | null;
  lastSyncAt: string | null;
  /** Null when the business is not on this phone (yet). */
  view: OwnerView | null;
};

/**
 * What the owner's pages show, live from the phone's database (never the network), so they open
 * offline after the first sync. `businessId` defaults to the signed-in owner's one business; a coach
 * mounting the print page passes the business they are looking at. Undefined while loading.
 */
export function useOwnerData(businessId?: string): OwnerData | undefined {
  return useLiveQuery(async () => {
    const [session, regions, lastSyncAt] = await Promise.all([
      loadSession(localDb),
      loadRegionNames(localDb),
      readMeta<string>(localDb, META_LAST_SYNC_AT),
    ]);
    const view = await loadOwnerView(localDb, businessId ?? session?.user.businessId ?? null);
    return {
      session,
      nameOf: regions?.nameOf ?? ((code: string) => code),
      cityName: regions?.regions.city.name ?? null,
      lastSyncAt: lastSyncAt ?? null,
      view,
    };
  }, [businessId]);
}

export type ShownPhoto = { photo: Photo; bytes: ArrayBuffer | null };

/** Product photos first (what a buyer looks at), then the premises, then the rest; newest first within. */
const KIND_ORDER: Record<string, number> = { product: 0, premises: 1 };

/**
 * The business's own photos (not visit photos) with their bytes, null while not on this phone.
 * Missing bytes are asked for from the server when online; offline, placeholders stay.
 */
export function useBusinessPhotos(businessId: string | null, limit?: number): ShownPhoto[] | undefined {
  const shown = useLiveQuery(async () => {
    if (!businessId) return [];
    return localDb.transaction('r', [localDb.photos, localDb.blobs], async () => {
      const photos = (await loadBusinessPhotos(localDb, businessId))
        .map((photo, index) => ({ photo, index }))
        .sort(
          (a, b) => (KIND_ORDER[a.photo.kind] ?? 2) - (KIND_ORDER[b.photo.kind] ?? 2) || a.index - b.index,
        )
        .map(({ photo }) => photo)
        .slice(0, limit);
      const blobs = await localDb.blobs.bulkGet(photos.map((photo) => photo.sha256));
      return photos.map((photo, index) => ({ photo, bytes: blobs[index]?.bytes ?? null }));
    });
  }, [businessId, limit]);
  const missingKey = (shown ?? [])
    .filter((item) => item.bytes === null)
    .map((item) => item.photo.sha256)
    .join(',');
  useEffect(() => {
    if (missingKey) requestPhotos(missingKey.split(','));
  }, [missingKey]);
  return shown;
}
