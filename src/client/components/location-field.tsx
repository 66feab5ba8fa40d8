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
 * One GPS fix with its accuracy, for the business profile and the visit alike. GPS needs no network,
 * so this works offline like the rest of the form. Every failure (permission denied, no fix, timeout)
 * gets its own message telling the coach what to do, and never clears a point taken earlier.
 *
 * `textPrefix` names the catalogue section with the texts (label, use, retake, clear, locating, none,
 * point, accuracy, poorAccuracy, denied, unavailable, timeout, unsupported): each form says it its way.
 */
export function LocationField({
  value,
  onChange,
  textPrefix,
  classNames,
  maximumAgeMs,
  buttonRef,
  error,
}: {
  value: GeoPoint | null;
  onChange: (value: GeoPoint | null) => void;
  textPrefix: string;
  classNames: { fieldset: string; value: string };
  /** How old a cached fix may be: a visit wants where the coach is now, a profile tolerates a minute. */
  maximumAgeMs: number;
  buttonRef?: Ref<HTMLButtonElement>;
  error?: string | undefined;
}) {
  const { t, i18n } = useTranslation();
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const mounted = useRef(true);
  const statusId = useId();
  const text = (key: string, values?: Record<string, string | number>) => t(`${textPrefix}.${key}`, values);

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
      { enableHighAccuracy: true, timeout: TIMEOUT_MS, maximumAge: maximumAgeMs },
    );
  };

  const number = new Intl.NumberFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'id-ID', {
    maximumFractionDigits: 6,
  });
  const described = value
    ? [
        text('point', { lat: number.format(value.lat), lng: number.format(value.lng) }),
        value.accuracy !== undefined ? text('accuracy', { metres: Math.round(value.accuracy) }) : null,
      ]
        .filter(Boolean)
        .join(' · ')
    : text('none');

  return (
    <fieldset className={classNames.fieldset}>
      <legend>{text('label')}</legend>
      <p id={statusId} className={classNames.value} role="status">
        {locating ? text('locating') : described}
      </p>
      {value && !locating && value.accuracy !== undefined && value.accuracy > POOR_ACCURACY_METRES && (
        <p className="warning">{text('poorAccuracy')}</p>
      )}
      {problem && (
        <p className="field-error" role="alert">
          {text(problem)}
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
          {value ? text('retake') : text('use')}
        </button>
        {value && (
          <button type="button" className="button" onClick={() => onChange(null)} disabled={locating}>
            {text('clear')}
          </button>
        )}
      </div>
    </fieldset>
  );
}
