import { useFieldArray, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { uuidv7 } from '@/client/data/uuid';
import { Field } from './visit-field';
import type { VisitFormOutput, VisitFormValues } from './visit-form-schema';

type Errors = FieldErrors<VisitFormValues>;

function rowError(errors: Errors, index: number, field: 'what' | 'who' | 'dueOn'): string | undefined {
  const message = errors.followUps?.[index]?.[field]?.message;
  return typeof message === 'string' ? message : undefined;
}

/**
 * Follow-up actions agreed at the visit: what, who does it, by when. Rows are added and removed
 * freely; each keeps its id (a future followUps row) so an edit of a saved visit updates the same row.
 */
export function VisitFollowUps({
  control,
  register,
  errors,
}: {
  control: Control<VisitFormValues, unknown, VisitFormOutput>;
  register: UseFormRegister<VisitFormValues>;
  errors: Errors;
}) {
  const { t } = useTranslation();
  const { fields, append, remove } = useFieldArray({ control, name: 'followUps' });
  const whoListId = 'vf-who-suggestions';

  return (
    <div className="vf-follow-ups">
      {fields.length === 0 && <p className="muted">{t('visits.followUps.none')}</p>}
      <datalist id={whoListId}>
        <option value={t('visits.followUps.whoOwner')} />
        <option value={t('visits.followUps.whoCoach')} />
        <option value={t('visits.followUps.whoOffice')} />
      </datalist>
      <ol className="vf-follow-up-list">
        {fields.map((field, index) => {
          const number = index + 1;
          const base = `vf-follow-up-${field.id}`;
          return (
            <li key={field.id} className="vf-follow-up">
              <p className="vf-follow-up-title">{t('visits.followUps.number', { number })}</p>
              <Field
                id={`${base}-what`}
                label={t('visits.followUps.what')}
                required
                error={rowError(errors, index, 'what')}
              >
                {(description) => (
                  <textarea {...description} {...register(`followUps.${index}.what`)} rows={2} />
                )}
              </Field>
              <div className="vf-row">
                <Field
                  id={`${base}-who`}
                  label={t('visits.followUps.who')}
                  required
                  error={rowError(errors, index, 'who')}
                >
                  {(description) => (
                    <input
                      {...description}
                      {...register(`followUps.${index}.who`)}
                      type="text"
                      list={whoListId}
                      autoComplete="off"
                    />
                  )}
                </Field>
                <Field
                  id={`${base}-due`}
                  label={t('visits.followUps.dueOn')}
                  error={rowError(errors, index, 'dueOn')}
                >
                  {(description) => (
                    <input {...description} {...register(`followUps.${index}.dueOn`)} type="date" />
                  )}
                </Field>
              </div>
              <button
                type="button"
                className="button vf-remove"
                onClick={() => remove(index)}
                aria-label={t('visits.followUps.removeNumber', { number })}
              >
                {t('visits.followUps.remove')}
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button"
        onClick={() => append({ followUpId: uuidv7(), what: '', who: '', dueOn: '' })}
      >
        {t('visits.followUps.add')}
      </button>
    </div>
  );
}
