import { Link } from 'react-router';
import './form.css';

/**
 * The save bar of the coach's forms: what stops the save (how many fields need attention, or why
 * the save failed), then Save and the way back. It sticks above the phone's bottom menu while the
 * coach scrolls a long form (form.css).
 */
export function FormActions({
  errorSummary,
  formError,
  submitting,
  saveLabel,
  savingLabel,
  cancelTo,
  cancelLabel,
  hidden = false,
}: {
  /** "3 fields need attention" while the form has errors, else null. */
  errorSummary: string | null;
  formError: string | null;
  submitting: boolean;
  saveLabel: string;
  savingLabel: string;
  cancelTo: string;
  cancelLabel: string;
  /** While another question (a duplicate warning) offers its own buttons. */
  hidden?: boolean;
}) {
  return (
    <div className="form-actions" hidden={hidden}>
      {errorSummary && (
        <p className="form-error" role="alert">
          {errorSummary}
        </p>
      )}
      {formError && (
        <p className="form-error" role="alert">
          {formError}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="button button-primary" disabled={submitting}>
          {submitting ? savingLabel : saveLabel}
        </button>
        <Link className="button" to={cancelTo}>
          {cancelLabel}
        </Link>
      </div>
    </div>
  );
}
