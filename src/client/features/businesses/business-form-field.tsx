import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What an input needs to be tied to its label, hint and error for screen readers. */
export type FieldDescription = {
  id: string;
  'aria-describedby': string | undefined;
  'aria-invalid': true | undefined;
  'aria-required': true | undefined;
};

/**
 * One labelled form field: label, the control, an optional hint and the error in the user's language
 * right below it. Schema messages are catalogue keys, translated here.
 */
export function FormField({
  id,
  label,
  required = false,
  hint,
  error,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  required?: boolean;
  hint?: ReactNode;
  /** A catalogue key (or already translated text). */
  error?: string | undefined;
  children: (description: FieldDescription) => ReactNode;
  className?: string;
}) {
  const { t, i18n } = useTranslation();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>
        {label}
        {/* The star is for the eye; the control itself says aria-required. */}
        {required && (
          <span className="bf-required" aria-hidden="true">
            {' *'}
          </span>
        )}
      </label>
      {children({
        id,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
        'aria-required': required ? true : undefined,
      })}
      {error && (
        <p id={errorId} className="field-error">
          {i18n.exists(error) ? t(error) : error}
        </p>
      )}
      {hint && (
        <p id={hintId} className="bf-hint muted">
          {hint}
        </p>
      )}
    </div>
  );
}
