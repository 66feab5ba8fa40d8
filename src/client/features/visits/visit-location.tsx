import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPoint } from '@/shared/domain/common';

/** Above this radius the point may be the next house on a dense street: say so, keep it anyway. */
const POOR_ACCURACY_METRES = 100;
const TIMEOUT_MS = 20_000;

type Problem = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

function problemOf(error: GeolocationPositionError): Problem {
  if (error.code === error.PERMISSION_DENIED) return 'denied';
  if (error.code === error.TIMEOUT) return 'timeout';
  return 'unavailable';
}

/**
 * "Ambil lokasi": one GPS fix at the visit, with its accuracy. GPS needs no network, so it works
 * offline like the rest of the form. Each failure (permission denied, no fix, timeout) has its own
 * message saying what to do, and never clears a point taken earlier.
 */
export function VisitLocation({
  value,
  onChange,
  error,
}: {
  value: GeoPoint | null;
  onChange: (value: GeoPoint | null) => void;
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
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: 30_000 },
    );
  };

  const number = new Intl.NumberFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'id-ID', {
    maximumFractionDigits: 6,
  });
  const described = value
    ? [
        t('visits.location.point', { lat: number.format(value.lat), lng: number.format(value.lng) }),
        value.accuracy !== undefined ? t('visits.location.accuracy', { metres: value.accuracy }) : null,
      ]
        .filter(Boolean)
        .join(' · ')
    : t('visits.location.none');

  return (
    <fieldset className="vf-fieldset">
      <legend>{t('visits.location.label')}</legend>
      <p id={statusId} className="vf-location-value" role="status">
        {locating ? t('visits.location.locating') : described}
      </p>
      {value && !locating && value.accuracy !== undefined && value.accuracy > POOR_ACCURACY_METRES && (
        <p className="warning">{t('visits.location.poorAccuracy')}</p>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {t(`visits.location.${problem}`)}
        </p>
      )}
      {error && <p className="field-error">{i18n.exists(error) ? t(error) : error}</p>}
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={locate}
          disabled={locating}
          aria-describedby={statusId}
          data-invalid={error ? true : undefined}
        >
          {value ? t('visits.location.retake') : t('visits.location.take')}
        </button>
        {value && (
          <button type="button" className="button" onClick={() => onChange(null)} disabled={locating}>
            {t('visits.location.clear')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
