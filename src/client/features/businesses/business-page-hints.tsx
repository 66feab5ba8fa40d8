import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { HintMessage, LicensingHint } from '@/shared/domain/licensing-hints';
import { useFormat } from '@/client/components/use-format';
import '@/client/i18n/hints';

/** The licensing hints as cards, most urgent first, each with the reasons behind it. */
export function BusinessHints({ hints }: { hints: readonly LicensingHint[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();

  const text = ({ key, values = {} }: HintMessage) =>
    t(key, {
      ...values,
      sales: values.sales === undefined ? undefined : format.rupiah(values.sales),
      limit: values.limit === undefined ? undefined : format.rupiah(values.limit),
      sizeClass: values.sizeClass === undefined ? undefined : t(`sizeClass.${values.sizeClass}`),
    });
  const usesProductGuess = hints.some((hint) =>
    hint.details.some((detail) => detail.key.startsWith('hints.bpomReason.')),
  );

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('hints.title')}</h2>
      {hints.length === 0 ? (
        <p className="muted">{t('hints.none')}</p>
      ) : (
        <ul className="bp-hints">
          {hints.map((hint) => (
            <li key={hint.id} className={`bp-hint bp-hint-${hint.tone}`} data-hint={hint.id}>
              <p className="bp-hint-tone">{t(`hints.tone.${hint.tone}`)}</p>
              <h3 className="bp-hint-title">{text(hint.title)}</h3>
              {hint.details.length > 0 && (
                <ul className="bp-hint-details">
                  {hint.details.map((detail) => (
                    <li key={detail.key}>{text(detail)}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <p className="muted bp-small">
        {t('hints.disclaimer')}
        {usesProductGuess ? ` ${t('hints.heuristic')}` : ''}
      </p>
    </section>
  );
}
