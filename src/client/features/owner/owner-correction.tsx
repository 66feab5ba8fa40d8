import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useMemo, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { z } from 'zod';
import { useFormat } from '@/client/components/use-format';
import { localDb } from '@/client/data/local-db';
import {
  correctionState,
  correctionValueProblem,
  requestCorrection,
  type OwnerWriter,
} from '@/client/data/owner-repository';
import type { Business } from '@/shared/domain/business';
import { normalizePhone } from '@/shared/domain/common';
import type { FollowUp } from '@/shared/domain/follow-up';
import { CORRECTABLE_FIELDS, correctableFieldSchema, type CorrectableField } from '@/shared/domain/owner';
import { currentFieldValue } from './owner-format';
import '@/client/components/form.css';
import { useOwnerText } from './owner-text';

/** Whether the proposed value is what the profile already says (nothing to correct). */
function sameAsCurrent(business: Business, field: CorrectableField, value: string): boolean {
  const trimmed = value.trim();
  if (field === 'phone') return (trimmed === '' ? null : normalizePhone(trimmed)) === business.phone;
  const current = currentFieldValue(business, field);
  if (field === 'yearStarted' || field === 'employees') return trimmed.replace(/[.\s]/g, '') === current;
  return trimmed.toLowerCase() === current.trim().toLowerCase();
}

function correctionFormSchema(business: Business) {
  return z
    .object({
      field: correctableFieldSchema,
      value: z.string(),
      reason: z.string().trim().max(500, { message: 'validation.tooLong' }),
    })
    .superRefine((values, ctx) => {
      const problem = correctionValueProblem(values.field, values.value);
      if (problem) ctx.addIssue({ code: 'custom', path: ['value'], message: problem });
      else if (sameAsCurrent(business, values.field, values.value)) {
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'owner.correction.sameValue' });
      }
    });
}
type CorrectionForm = z.infer<ReturnType<typeof correctionFormSchema>>;

const LONG_FIELDS: ReadonlySet<CorrectableField> = new Set(['address', 'products']);
const NUMERIC_FIELDS: ReadonlySet<CorrectableField> = new Set([
  'yearStarted',
  'employees',
  'licences.nib',
  'licences.pirt',
]);

function CorrectionList({ corrections }: { corrections: readonly FollowUp[] }) {
  const { t } = useOwnerText();
  const format = useFormat();
  const headingId = useId();
  return (
    <>
      <h3 id={headingId} className="owner-subheading">
        {t('owner.correction.mine')}
      </h3>
      {corrections.length === 0 ? (
        <p className="muted">{t('owner.correction.none')}</p>
      ) : (
        <ul className="owner-list" aria-labelledby={headingId}>
          {corrections.map((row) => {
            const correction = row.correction;
            if (!correction) return null;
            const state = correctionState(row);
            return (
              <li key={row.id} className="owner-request">
                <p className="owner-request-head">
                  <strong>{t(`owner.correction.fields.${correction.field}`)}</strong>
                  <span className={`owner-badge owner-badge-${state}`}>
                    {t(`owner.correction.state.${state}`)}
                  </span>
                </p>
                <p className="owner-request-value">
                  {correction.value.trim() === '' ? t('owner.correction.emptied') : correction.value}
                </p>
                {correction.reason && (
                  <p className="owner-meta">
                    {t('owner.correction.reasonShown', { reason: correction.reason })}
                  </p>
                )}
                <p className="owner-meta">
                  {t('owner.correction.requestedOn', { date: format.date(row.createdAt) })}
                </p>
                {row.resolutionNote && (
                  <p className="owner-note">{t('owner.correction.note', { note: row.resolutionNote })}</p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

/**
 * "Minta koreksi data": the owner picks a field, sees what is recorded, and writes what is right.
 * The request is saved on the phone at once (a follow-up for the coach, through the outbox) and
 * reaches the coach at the next sync; its state (waiting, accepted, declined) shows in the list.
 */
export function OwnerCorrection({
  business,
  corrections,
  user,
}: {
  business: Business;
  corrections: readonly FollowUp[];
  user: OwnerWriter;
}) {
  const { t, i18n } = useOwnerText();
  const headingId = useId();
  const ids = { field: useId(), current: useId(), value: useId(), valueHelp: useId(), reason: useId() };
  const errorIds = { value: useId(), reason: useId() };
  const [notice, setNotice] = useState<{ text: string; failed: boolean } | null>(null);
  const schema = useMemo(() => correctionFormSchema(business), [business]);
  const {
    register,
    handleSubmit,
    control,
    reset,
    setValue,
    clearErrors,
    formState: { errors, isSubmitting },
  } = useForm<CorrectionForm>({
    resolver: zodResolver(schema),
    defaultValues: { field: 'phone', value: '', reason: '' },
  });
  const field = useWatch({ control, name: 'field' });
  const current = currentFieldValue(business, field);

  const onSubmit = handleSubmit(async (values) => {
    setNotice(null);
    try {
      await requestCorrection(localDb, user, values);
      reset({ field: values.field, value: '', reason: '' });
      setNotice({ text: t('owner.correction.saved'), failed: false });
    } catch {
      setNotice({ text: t('owner.correction.failed'), failed: true });
    }
  });

  const message = (key: string | undefined) => (key ? (i18n.exists(key) ? t(key) : key) : null);
  const valueError = message(errors.value?.message);
  const reasonError = message(errors.reason?.message);
  const valueInput = {
    id: ids.value,
    'aria-invalid': valueError ? true : undefined,
    'aria-describedby': [ids.current, ids.valueHelp, valueError ? errorIds.value : null]
      .filter(Boolean)
      .join(' '),
    ...register('value'),
  };

  return (
    <section className="card owner-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('owner.correction.heading')}</h2>
      <p className="muted owner-small">{t('owner.correction.intro')}</p>
      <form className="entry-form owner-form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor={ids.field}>{t('owner.correction.field')}</label>
          <select
            id={ids.field}
            aria-describedby={ids.current}
            {...register('field', {
              onChange: () => {
                setValue('value', '');
                clearErrors();
                setNotice(null);
              },
            })}
          >
            {CORRECTABLE_FIELDS.map((name) => (
              <option key={name} value={name}>
                {t(`owner.correction.fields.${name}`)}
              </option>
            ))}
          </select>
          <p id={ids.current} className="owner-current">
            {current ? t('owner.correction.current', { value: current }) : t('owner.correction.currentEmpty')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.value}>{t('owner.correction.value')}</label>
          {LONG_FIELDS.has(field) ? (
            <textarea key="long" rows={3} {...valueInput} />
          ) : (
            <input
              key="short"
              type={field === 'phone' ? 'tel' : 'text'}
              inputMode={NUMERIC_FIELDS.has(field) ? 'numeric' : undefined}
              autoComplete="off"
              {...valueInput}
            />
          )}
          <p id={ids.valueHelp} className="owner-help">
            {t('owner.correction.valueHint')}
          </p>
          {valueError && (
            <p id={errorIds.value} className="field-error">
              {valueError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>{t('owner.correction.reason')}</label>
          <textarea
            id={ids.reason}
            rows={2}
            placeholder={t('owner.correction.reasonHint')}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={reasonError ? errorIds.reason : undefined}
            {...register('reason')}
          />
          {reasonError && (
            <p id={errorIds.reason} className="field-error">
              {reasonError}
            </p>
          )}
        </div>
        <button type="submit" className="button button-primary button-block" disabled={isSubmitting}>
          {isSubmitting ? t('owner.correction.submitting') : t('owner.correction.submit')}
        </button>
        <div role="status" className="owner-status">
          {notice && <p className={notice.failed ? 'form-error' : 'owner-saved'}>{notice.text}</p>}
        </div>
      </form>
      <CorrectionList corrections={corrections} />
    </section>
  );
}
