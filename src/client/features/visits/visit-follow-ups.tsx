import {
  useFieldArray,
  useWatch,
  type Control,
  type FieldErrors,
  type UseFormRegister,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { uuidv7 } from '@/client/data/uuid';
import { Field } from '@/client/components/form-field';
import type { VisitFormOutput, VisitFormValues } from './visit-form-schema';
import '@/client/i18n/visits';

type Errors = FieldErrors<VisitFormValues>;

const ASSIGNEES = [
  { value: 'owner', label: 'visits.followUps.assigneeOwner' },
  { value: 'coach', label: 'visits.followUps.assigneeCoach' },
  { value: 'other', label: 'visits.followUps.assigneeOther' },
] as const;

function rowError(
  errors: Errors,
  index: number,
  field: 'what' | 'assignee' | 'who' | 'dueOn',
): string | undefined {
  const message = errors.followUps?.[index]?.[field]?.message;
  return typeof message === 'string' ? message : undefined;
}

/**
 * Follow-up actions agreed at the visit: what, who does it (the owner, the coach or another party,
 * named), by when. The owner's ones show in the owner's action plan. Rows are added and removed
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
  const rows = useWatch({ control, name: 'followUps' });

  return (
    <div className="vf-follow-ups">
      {fields.length === 0 && <p className="muted">{t('visits.followUps.none')}</p>}
      <ol className="vf-follow-up-list">
        {fields.map((field, index) => {
          const number = index + 1;
          const base = `vf-follow-up-${field.id}`;
          const assignee = rows[index]?.assignee ?? field.assignee;
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
              <div className="form-row">
                {/* Who (and, for another party, its name) together: on a phone the name follows the choice. */}
                <div>
                  <Field
                    id={`${base}-assignee`}
                    label={t('visits.followUps.assignee')}
                    required
                    error={rowError(errors, index, 'assignee')}
                    hint={assignee === 'owner' ? t('visits.followUps.ownerSees') : undefined}
                  >
                    {(description) => (
                      <select {...description} {...register(`followUps.${index}.assignee`)}>
                        <option value="" disabled>
                          {t('visits.followUps.assigneeChoose')}
                        </option>
                        {ASSIGNEES.map((option) => (
                          <option key={option.value} value={option.value}>
                            {t(option.label)}
                          </option>
                        ))}
                      </select>
                    )}
                  </Field>
                  {assignee === 'other' && (
                    <Field
                      id={`${base}-who`}
                      label={t('visits.followUps.who')}
                      required
                      error={rowError(errors, index, 'who')}
                      hint={t('visits.followUps.whoHint')}
                    >
                      {(description) => (
                        <input
                          {...description}
                          {...register(`followUps.${index}.who`)}
                          type="text"
                          autoComplete="off"
                        />
                      )}
                    </Field>
                  )}
                </div>
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
        onClick={() => append({ followUpId: uuidv7(), what: '', assignee: '', who: '', dueOn: '' })}
      >
        {t('visits.followUps.add')}
      </button>
    </div>
  );
}
