import { useState } from 'react';
import { useWatch, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { ChecklistItem, ChecklistKind } from '@/shared/checklists/checklist-template';
import { useMessage } from '@/client/components/form-field';
import type { ChecklistItemValues, VisitFormOutput, VisitFormValues } from './visit-form-schema';
import '@/client/i18n/visits';

export type PhotoOption = { id: string; label: string };

type Errors = FieldErrors<VisitFormValues>;

/** The message of an item's evidence or note, wherever the schema put it. */
function itemErrors(errors: Errors, kind: ChecklistKind, itemId: string) {
  const item = (errors.checklists?.[kind] as Record<string, unknown> | undefined)?.[itemId] as
    | {
        evidence?: { value?: { message?: string }; photoId?: { message?: string } };
        note?: { message?: string };
      }
    | undefined;
  const photo = item?.evidence?.photoId?.message;
  return {
    evidence: item?.evidence?.value?.message ?? (photo ? 'visits.checklist.choosePhoto' : undefined),
    note: item?.note?.message,
  };
}

function hasExtra(values: ChecklistItemValues | undefined): boolean {
  return !!values && (values.evidenceKind !== '' || values.note.trim() !== '');
}

/**
 * One checklist (packaging or digital marketing) ticked inside the visit. Items start as the business's
 * latest state, so the coach only changes what changed; each item can carry evidence of the kinds its
 * template allows (a link, a handle, one of this visit's photos) and a short note, behind a per-item
 * "Bukti & keterangan" toggle so the list stays scannable on a phone.
 */
export function VisitChecklist({
  kind,
  title,
  items,
  control,
  register,
  errors,
  open,
  onToggle,
  onItemChange,
  photoOptions,
}: {
  kind: ChecklistKind;
  title: string;
  items: readonly ChecklistItem[];
  control: Control<VisitFormValues, unknown, VisitFormOutput>;
  register: UseFormRegister<VisitFormValues>;
  errors: Errors;
  open: boolean;
  onToggle: (open: boolean) => void;
  onItemChange: () => void;
  photoOptions: readonly PhotoOption[];
}) {
  const { t, i18n } = useTranslation();
  const message = useMessage();
  const language = i18n.resolvedLanguage === 'en' ? 'en' : 'id';
  const values = useWatch({ control, name: `checklists.${kind}` }) as
    Record<string, ChecklistItemValues> | undefined;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(items.filter((item) => hasExtra(values?.[item.id])).map((item) => item.id)),
  );
  const doneCount = items.filter((item) => values?.[item.id]?.done).length;
  const flip = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <details
      className="vf-checklist"
      open={open}
      onToggle={(event) => onToggle((event.currentTarget as HTMLDetailsElement).open)}
    >
      <summary>
        <span className="vf-checklist-title">{title}</span>
        <span className="vf-checklist-count">
          {t('visits.checklist.progress', { done: doneCount, total: items.length })}
        </span>
      </summary>
      <ul className="vf-checklist-items">
        {items.map((item) => {
          const base = `vf-${kind}-${item.id}`;
          const current = values?.[item.id];
          const problems = itemErrors(errors, kind, item.id);
          const isOpen = expanded.has(item.id) || !!problems.evidence || !!problems.note;
          const evidenceKind = current?.evidenceKind ?? '';
          const knownPhoto =
            current?.evidencePhotoId && !photoOptions.some((option) => option.id === current.evidencePhotoId);
          return (
            <li key={item.id} className="vf-item">
              <div className="vf-item-row">
                <input
                  id={base}
                  type="checkbox"
                  aria-describedby={item.hint ? `${base}-hint` : undefined}
                  {...register(`checklists.${kind}.${item.id}.done`, { onChange: onItemChange })}
                />
                <label htmlFor={base} id={`${base}-label`}>
                  {item.label[language]}
                </label>
                {/* The item's name is the button's description, not its label: a label naming the
                    item would make two controls answer to the item's name. */}
                <button
                  type="button"
                  className={hasExtra(current) ? 'vf-more vf-more-filled' : 'vf-more'}
                  aria-expanded={isOpen}
                  aria-controls={`${base}-extra`}
                  aria-describedby={`${base}-label`}
                  onClick={() => flip(item.id)}
                >
                  {t('visits.checklist.extra')}
                  <span className="visually-hidden"> {t('visits.checklist.extraMore')}</span>
                  {hasExtra(current) && (
                    <>
                      <span aria-hidden="true"> ✓</span>
                      <span className="visually-hidden"> ({t('visits.checklist.extraFilled')})</span>
                    </>
                  )}
                </button>
                {item.hint && (
                  <p id={`${base}-hint`} className="form-hint muted vf-item-hint">
                    {item.hint[language]}
                  </p>
                )}
              </div>
              {isOpen && (
                <div id={`${base}-extra`} className="vf-item-extra">
                  <div className="field">
                    <label htmlFor={`${base}-evidence-kind`}>{t('visits.checklist.evidenceKind')}</label>
                    <select
                      id={`${base}-evidence-kind`}
                      {...register(`checklists.${kind}.${item.id}.evidenceKind`, { onChange: onItemChange })}
                    >
                      <option value="">{t('visits.checklist.noEvidence')}</option>
                      {item.evidence.map((option) => (
                        <option key={option} value={option}>
                          {t(`visits.checklist.evidence.${option}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                  {(evidenceKind === 'link' || evidenceKind === 'handle') && (
                    <div className="field">
                      <label htmlFor={`${base}-evidence-value`}>
                        {evidenceKind === 'link'
                          ? t('visits.checklist.linkLabel')
                          : t('visits.checklist.handleLabel')}
                      </label>
                      <input
                        id={`${base}-evidence-value`}
                        type={evidenceKind === 'link' ? 'url' : 'text'}
                        inputMode={evidenceKind === 'link' ? 'url' : 'text'}
                        autoComplete="off"
                        spellCheck={false}
                        placeholder={
                          evidenceKind === 'link'
                            ? t('visits.checklist.linkPlaceholder')
                            : t('visits.checklist.handlePlaceholder')
                        }
                        aria-invalid={problems.evidence ? true : undefined}
                        aria-describedby={problems.evidence ? `${base}-evidence-error` : undefined}
                        {...register(`checklists.${kind}.${item.id}.evidenceValue`, {
                          onChange: onItemChange,
                        })}
                      />
                      {problems.evidence && (
                        <p id={`${base}-evidence-error`} className="field-error">
                          {message(problems.evidence)}
                        </p>
                      )}
                    </div>
                  )}
                  {evidenceKind === 'photo' && (
                    <div className="field">
                      <label htmlFor={`${base}-evidence-photo`}>{t('visits.checklist.photoLabel')}</label>
                      <select
                        id={`${base}-evidence-photo`}
                        aria-invalid={problems.evidence ? true : undefined}
                        aria-describedby={
                          problems.evidence
                            ? `${base}-evidence-error`
                            : photoOptions.length === 0
                              ? `${base}-photo-hint`
                              : undefined
                        }
                        {...register(`checklists.${kind}.${item.id}.evidencePhotoId`, {
                          onChange: onItemChange,
                        })}
                      >
                        <option value="">{t('visits.checklist.choosePhotoOption')}</option>
                        {knownPhoto && (
                          <option value={current?.evidencePhotoId}>
                            {t('visits.checklist.earlierPhoto')}
                          </option>
                        )}
                        {photoOptions.map((option) => (
                          <option key={option.id} value={option.id}>
                            {option.label}
                          </option>
                        ))}
                      </select>
                      {problems.evidence && (
                        <p id={`${base}-evidence-error`} className="field-error">
                          {message(problems.evidence)}
                        </p>
                      )}
                      {photoOptions.length === 0 && (
                        <p id={`${base}-photo-hint`} className="form-hint muted">
                          {t('visits.checklist.noPhotosYet')}
                        </p>
                      )}
                    </div>
                  )}
                  <div className="field">
                    <label htmlFor={`${base}-note`}>{t('visits.checklist.note')}</label>
                    <input
                      id={`${base}-note`}
                      type="text"
                      autoComplete="off"
                      aria-invalid={problems.note ? true : undefined}
                      aria-describedby={problems.note ? `${base}-note-error` : undefined}
                      {...register(`checklists.${kind}.${item.id}.note`, { onChange: onItemChange })}
                    />
                    {problems.note && (
                      <p id={`${base}-note-error`} className="field-error">
                        {message(problems.note)}
                      </p>
                    )}
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
