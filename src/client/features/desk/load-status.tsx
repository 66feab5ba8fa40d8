import { failureReason, type DeskFailure } from './desk-api';
import { useDeskTranslation } from './desk-text';

/**
 * What a desk page shows while its read is under way or after it failed: a loading line, or why it
 * failed (offline, gone, or the server's own message) with "Coba lagi" where trying again can help.
 */
export function LoadStatus({
  failure,
  offlineText,
  notFoundText,
  onRetry,
}: {
  /** null while loading. */
  failure: DeskFailure | null;
  offlineText: string;
  notFoundText?: string;
  onRetry: () => void;
}) {
  const { t } = useDeskTranslation();
  if (!failure) {
    return (
      <p className="loading" role="status">
        {t('desk.review.loading')}
      </p>
    );
  }
  const gone = failure.failure === 'notFound' && notFoundText !== undefined;
  const text =
    failure.failure === 'network'
      ? offlineText
      : gone
        ? notFoundText
        : t('desk.review.failed', { reason: failureReason(failure) });
  return (
    <div className="warning" role="alert">
      <p>{text}</p>
      {!gone && (
        <button type="button" className="button" onClick={onRetry}>
          {t('desk.review.retry')}
        </button>
      )}
    </div>
  );
}
