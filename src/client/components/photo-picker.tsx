import { useEffect, useId, useRef, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import './photo-picker.css';
import '@/client/i18n/visits';

/**
 * Photos for a record: take one with the camera or pick several from the gallery, see thumbnails,
 * say what each shows, remove one. Generic (visits and business profiles use it): it holds no photos
 * and touches no storage. Picked files go out through `onFiles`; the parent prepares them (resize,
 * hash: client/data/photos.ts) and passes the result back in as `photos`, with `busyCount` while it
 * works and `problems` for files it refused. Its texts live under `visits.photoPicker` in the catalogue.
 */
export type PhotoPickerItem = {
  id: string;
  /** null when the photo row is known but its bytes are not on this phone (not yet downloaded). */
  bytes: ArrayBuffer | null;
  mimeType: string;
  kind: string;
};

export type PhotoProblem = { name: string; message: string };

/** A thumbnail from bytes: the object URL is made and revoked in an effect (safe under StrictMode). */
export function PhotoThumbnail({
  bytes,
  mimeType,
  alt,
  className = 'photo-picker-thumb',
}: {
  bytes: ArrayBuffer;
  mimeType: string;
  alt: string;
  className?: string;
}) {
  const image = useRef<HTMLImageElement | null>(null);
  useEffect(() => {
    const element = image.current;
    // jsdom and very old WebViews have no object URLs; the alt text stands in.
    if (!element || typeof URL.createObjectURL !== 'function') return;
    const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
    element.src = url;
    return () => URL.revokeObjectURL(url);
  }, [bytes, mimeType]);
  return <img ref={image} alt={alt} className={className} decoding="async" />;
}

export function PhotoPicker({
  photos,
  kindOptions,
  busyCount = 0,
  problems = [],
  disabled = false,
  onFiles,
  onRemove,
  onKindChange,
  onDismissProblems,
}: {
  photos: readonly PhotoPickerItem[];
  /** What a photo can show (e.g. premises, product, packaging before/after), already translated. */
  kindOptions: readonly { value: string; label: string }[];
  /** Files being prepared right now. */
  busyCount?: number;
  problems?: readonly PhotoProblem[];
  disabled?: boolean;
  onFiles: (files: File[]) => void;
  onRemove: (id: string) => void;
  onKindChange: (id: string, kind: string) => void;
  onDismissProblems?: () => void;
}) {
  const { t } = useTranslation();
  const baseId = useId();
  const cameraId = `${baseId}-camera`;
  const galleryId = `${baseId}-gallery`;

  const pick = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    // Cleared so picking the same file again (after removing it) still fires a change.
    event.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  const labelOf = (kind: string) => kindOptions.find((option) => option.value === kind)?.label ?? kind;

  return (
    <div className="photo-picker">
      {photos.length === 0 ? (
        <p className="muted">{t('visits.photoPicker.none')}</p>
      ) : (
        <ul className="photo-picker-list">
          {photos.map((photo, index) => {
            const number = index + 1;
            const selectId = `${baseId}-kind-${photo.id}`;
            return (
              <li key={photo.id} className="photo-picker-item">
                {photo.bytes ? (
                  <PhotoThumbnail
                    bytes={photo.bytes}
                    mimeType={photo.mimeType}
                    alt={t('visits.photoPicker.alt', { number, kind: labelOf(photo.kind) })}
                  />
                ) : (
                  <div className="photo-picker-thumb photo-picker-missing">
                    {t('visits.photoPicker.notOnPhone')}
                  </div>
                )}
                <div className="photo-picker-meta">
                  <label htmlFor={selectId}>{t('visits.photoPicker.kind', { number })}</label>
                  <select
                    id={selectId}
                    value={photo.kind}
                    disabled={disabled}
                    onChange={(event) => onKindChange(photo.id, event.target.value)}
                  >
                    {kindOptions.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    className="button photo-picker-remove"
                    disabled={disabled}
                    onClick={() => onRemove(photo.id)}
                    aria-label={t('visits.photoPicker.removeNumber', { number })}
                  >
                    {t('visits.photoPicker.remove')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}

      <p className="photo-picker-status" role="status">
        {busyCount > 0 ? t('visits.photoPicker.preparing', { count: busyCount }) : ''}
      </p>
      {problems.length > 0 && (
        <div className="form-error photo-picker-problems" role="alert">
          <ul>
            {problems.map((problem, index) => (
              <li key={`${problem.name}-${index}`}>
                {problem.name ? `${problem.name}: ` : ''}
                {problem.message}
              </li>
            ))}
          </ul>
          {onDismissProblems && (
            <button type="button" className="button" onClick={onDismissProblems}>
              {t('visits.photoPicker.dismiss')}
            </button>
          )}
        </div>
      )}

      <div className="photo-picker-add">
        <input
          id={cameraId}
          className="photo-picker-input"
          type="file"
          accept="image/*"
          capture="environment"
          disabled={disabled}
          onChange={pick}
        />
        <label htmlFor={cameraId} className="button button-primary">
          {t('visits.photoPicker.camera')}
        </label>
        <input
          id={galleryId}
          className="photo-picker-input"
          type="file"
          accept="image/*"
          multiple
          disabled={disabled}
          onChange={pick}
        />
        <label htmlFor={galleryId} className="button">
          {t('visits.photoPicker.gallery')}
        </label>
      </div>
    </div>
  );
}
