import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './form.css';

/** What an input needs to be tied to its label, hint and error for screen readers. */
export type FieldDescription = {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
  'aria-required': true | undefined;
};

/** A catalogue key translated, or the text as given when it is not a key. */
export function useMessage(): (message: string | undefined) => string | undefined {
  const { t, i18n } = useTranslation();
  return (message) => (message === undefined ? undefined : i18n.exists(message) ? t(message) : message);
}

/**
 * One labelled form field of the coach's forms (business profile, visit): label, the control, the
 * error in the user's language right below the control, then an optional hint. Schema messages are
 * catalogue keys, translated here.
 */
export function Field({
  id,
  label,
  required = false,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  required?: boolean;
  hint?: ReactNode;
  /** A catalogue key (or already translated text). */
  error?: string | undefined;
  className?: string;
  children: (description: FieldDescription) => ReactNode;
}) {
  const message = useMessage();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>
        {label}
        {/* The star is for the eye; the control itself says aria-required. */}
        {required && (
          <span className="form-required" aria-hidden="true">
            {' *'}
          </span>
        )}
      </label>
      {children({
        id,
        'aria-describedby': [errorId, hintId].filter(Boolean).join(' ') || undefined,
        'aria-invalid': error ? true : undefined,
        'aria-required': required ? true : undefined,
      })}
      {error && (
        <p id={errorId} className="field-error">
          {message(error)}
        </p>
      )}
      {hint && (
        <p id={hintId} className="form-hint muted">
          {hint}
        </p>
      )}
    </div>
  );
}
