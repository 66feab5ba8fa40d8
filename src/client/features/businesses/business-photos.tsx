import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PhotoPicker, PhotoThumbnail, type PhotoProblem } from '@/client/components/photo-picker';
import {
  addBusinessPhoto,
  BusinessPhotoDuplicateError,
  BUSINESS_PHOTO_KINDS,
  loadBusinessPhotos,
  removeBusinessPhoto,
  setBusinessPhotoKind,
} from '@/client/data/business-photo-repository';
import { localDb } from '@/client/data/local-db';
import { preparePhoto, PhotoRejectedError } from '@/client/data/photos';
import { isQuotaExceeded } from '@/client/data/visit-repository';
import { requestPhotos } from '@/client/sync/photo-download';
import type { Photo } from '@/shared/domain/photo';
import '@/client/i18n/history';
import '@/client/i18n/labels';

type Shown = { photo: Photo; bytes: ArrayBuffer | null };

/** The business's own photos with their bytes (null when not on this phone yet). */
async function loadShown(businessId: string): Promise<Shown[]> {
  return localDb.transaction('r', [localDb.photos, localDb.blobs], async () => {
    const photos = await loadBusinessPhotos(localDb, businessId);
    const blobs = await localDb.blobs.bulkGet(photos.map((photo) => photo.sha256));
    return photos.map((photo, index) => ({ photo, bytes: blobs[index]?.bytes ?? null }));
  });
}

/**
 * "Foto usaha": photos of the premises and products. The coach adds (camera or gallery), relabels and
 * removes them, each saved at once with its outbox entry (client/data/business-photo-repository.ts);
 * other roles see them. Visit photos stay with their visits.
 */
export function BusinessPhotos({
  businessId,
  organisationId,
  canEdit,
}: {
  businessId: string;
  organisationId: string | null;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const shown = useLiveQuery(() => loadShown(businessId), [businessId]);
  // Photos taken on another device: their bytes are fetched now that the coach looks at them.
  const missing = (shown ?? []).filter((item) => item.bytes === null).map((item) => item.photo.sha256);
  const missingKey = missing.join(',');
  useEffect(() => {
    if (missingKey) requestPhotos(missingKey.split(','));
  }, [missingKey]);
  const [busyCount, setBusyCount] = useState(0);
  const [problems, setProblems] = useState<PhotoProblem[]>([]);
  const [notice, setNotice] = useState('');

  // A photo synced from elsewhere may carry another kind; it stays selectable so its label shows.
  const kinds = new Set<string>([...BUSINESS_PHOTO_KINDS, ...(shown ?? []).map((item) => item.photo.kind)]);
  const kindOptions = [...kinds].map((kind) => ({ value: kind, label: t(`labels.photoKind.${kind}`) }));
  const labelOf = (kind: string) => t(`labels.photoKind.${kind}`);

  /** One file at a time: a cheap phone has little memory to decode several photos at once. */
  const addFiles = async (files: File[]) => {
    if (!organisationId) return;
    setProblems([]);
    setNotice('');
    setBusyCount((count) => count + files.length);
    const found: PhotoProblem[] = [];
    let saved = 0;
    for (const file of files) {
      try {
        const prepared = await preparePhoto(file);
        const taken =
          file.lastModified > 0 && file.lastModified <= Date.now() ? file.lastModified : Date.now();
        await addBusinessPhoto(localDb, { organisationId }, businessId, {
          ...prepared,
          kind: 'premises',
          takenAt: new Date(taken).toISOString(),
        });
        saved += 1;
      } catch (error) {
        const message =
          error instanceof PhotoRejectedError
            ? t(error.messageKey)
            : error instanceof BusinessPhotoDuplicateError
              ? t('history.photos.duplicate')
              : isQuotaExceeded(error)
                ? t('history.photos.full')
                : t('history.photos.failed');
        found.push({ name: file.name, message });
      } finally {
        setBusyCount((count) => count - 1);
      }
    }
    setProblems(found);
    if (saved > 0) setNotice(t('history.photos.saved'));
  };

  const act = (work: Promise<void>, done: string) => {
    setNotice('');
    work.then(
      () => setNotice(done),
      () => setProblems([{ name: '', message: t('history.photos.failed') }]),
    );
  };

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('history.photos.heading')}</h2>
      {shown === undefined ? (
        <p className="muted">{t('app.loading')}</p>
      ) : canEdit ? (
        <>
          <p className="muted">{t('history.photos.intro')}</p>
          <PhotoPicker
            photos={shown.map(({ photo, bytes }) => ({
              id: photo.id,
              bytes,
              mimeType: photo.mimeType,
              kind: photo.kind,
            }))}
            kindOptions={kindOptions}
            busyCount={busyCount}
            problems={problems}
            onFiles={(files) => void addFiles(files)}
            onRemove={(id) => act(removeBusinessPhoto(localDb, id), t('history.photos.removed'))}
            onKindChange={(id, kind) =>
              act(setBusinessPhotoKind(localDb, id, kind as Photo['kind']), t('history.photos.saved'))
            }
            onDismissProblems={() => setProblems([])}
          />
          <p className="bp-photo-notice" role="status">
            {notice}
          </p>
        </>
      ) : shown.length === 0 ? (
        <p className="muted">{t('history.photos.none')}</p>
      ) : (
        <ul className="bp-photos">
          {shown.map(({ photo, bytes }, index) => (
            <li key={photo.id}>
              {bytes ? (
                <PhotoThumbnail
                  bytes={bytes}
                  mimeType={photo.mimeType}
                  alt={t('history.photos.alt', { number: index + 1, kind: labelOf(photo.kind) })}
                />
              ) : (
                <div className="photo-picker-thumb photo-picker-missing">
                  {t('history.photos.notOnPhone')}
                </div>
              )}
              <span className="muted">{labelOf(photo.kind)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
