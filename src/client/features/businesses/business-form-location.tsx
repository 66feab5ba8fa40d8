import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '@/shared/domain/common';

/** Above this radius the point may be the wrong house on a dense street: say so, keep it anyway. */
const POOR_ACCURACY_METRES = 100;
const TIMEOUT_MS = 20_000;

type Problem = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

function problemOf(error: GeolocationPositionError): Problem {
  if (error.code === error.PERMISSION_DENIED) return 'denied';
  if (error.code === error.TIMEOUT) return 'timeout';
  return 'unavailable';
}

/**
 * "Gunakan lokasi saya": one GPS fix with its accuracy. GPS needs no network, so this works offline
 * like the rest of the form. Every failure (permission denied, no fix, timeout) gets its own message
 * telling the coach what to do, and never clears a point taken earlier.
 */
export function LocationField({
  value,
  onChange,
  buttonRef,
  error,
}: {
  value: GeoPoint | null;
  onChange: (value: GeoPoint | null) => void;
  buttonRef?: Ref<HTMLButtonElement>;
  error?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const mounted = useRef(true);
  const statusId = useId();

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const locate = () => {
    setProblem(null);
    if (!('geolocation' in navigator)) {
      setProblem('unsupported');
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        if (!mounted.current) return;
        setLocating(false);
        onChange({
          lat: Number(position.coords.latitude.toFixed(6)),
          lng: Number(position.coords.longitude.toFixed(6)),
          accuracy: Math.round(position.coords.accuracy),
          capturedAt: new Date(position.timestamp || Date.now()).toISOString(),
        });
      },
      (failure) => {
        if (!mounted.current) return;
        setLocating(false);
        setProblem(problemOf(failure));
      },
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: 60_000 },
    );
  };

  const number = new Intl.NumberFormat(i18n.resolvedLanguage === 'en' ? 'en-ID' : 'id-ID', {
    maximumFractionDigits: 6,
  });

  return (
    <fieldset className="bf-fieldset bf-location">
      <legend>{t('businessForm.location.label')}</legend>
      <p id={statusId} className="bf-location-value" role="status">
        {locating
          ? t('businessForm.location.locating')
          : value
            ? [
                t('businessForm.location.point', {
                  lat: number.format(value.lat),
                  lng: number.format(value.lng),
                }),
                value.accuracy !== undefined
                  ? t('businessForm.location.accuracy', { metres: Math.round(value.accuracy) })
                  : null,
              ]
                .filter(Boolean)
                .join(' · ')
            : t('businessForm.location.none')}
      </p>
      {value && !locating && value.accuracy !== undefined && value.accuracy > POOR_ACCURACY_METRES && (
        <p className="warning">{t('businessForm.location.poorAccuracy')}</p>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {t(`businessForm.location.${problem}`)}
        </p>
      )}
      {error && <p className="field-error">{i18n.exists(error) ? t(error) : error}</p>}
      <div className="button-row">
        <button
          ref={buttonRef}
          type="button"
          className="button"
          onClick={locate}
          disabled={locating}
          aria-describedby={statusId}
          data-invalid={error ? true : undefined}
        >
          {value ? t('businessForm.location.retake') : t('businessForm.location.use')}
        </button>
        {value && (
          <button type="button" className="button" onClick={() => onChange(null)} disabled={locating}>
            {t('businessForm.location.clear')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
