import { get, useFieldArray, type Control, type FieldErrors, type UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { onlineLinkSchema } from '@/shared/domain/business';
import type { BusinessFields } from '@/client/data/business-repository';
import type { BusinessFormValues } from './business-form-schema';
import { Field } from '@/client/components/form-field';
import '@/client/i18n/labels';
import '@/client/i18n/business-form';

const LINK_KINDS = onlineLinkSchema.shape.kind.options;

/**
 * The business's social and marketplace presence as a list of (kind, link or handle) rows: a shop
 * can be on Shopee and Tokopedia and have two Instagram accounts, so it is a list, not fixed fields.
 */
export function LinksEditor({
  control,
  register,
  errors,
}: {
  control: Control<BusinessFormValues, unknown, BusinessFields>;
  register: UseFormRegister<BusinessFormValues>;
  errors: FieldErrors<BusinessFormValues>;
}) {
  const { t } = useTranslation();
  const { fields, append, remove } = useFieldArray({ control, name: 'links' });
  const messageAt = (path: string): string | undefined => {
    const error: unknown = get(errors, path);
    return error && typeof error === 'object' && 'message' in error && typeof error.message === 'string'
      ? error.message
      : undefined;
  };

  return (
    <div className="bf-links">
      <p className="muted">{t('businessForm.links.intro')}</p>
      {fields.length === 0 && <p>{t('businessForm.links.empty')}</p>}
      <ol className="bf-links-list">
        {fields.map((field, index) => {
          const number = index + 1;
          return (
            <li key={field.id} className="bf-link-row">
              <Field
                id={`bf-link-${index}-kind`}
                label={t('businessForm.links.kind', { number })}
                error={messageAt(`links.${index}.kind`)}
              >
                {(description) => (
                  <select {...description} {...register(`links.${index}.kind`)}>
                    {LINK_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {t(`labels.link.${kind}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field
                id={`bf-link-${index}-value`}
                label={t('businessForm.links.value', { number })}
                hint={t('businessForm.links.valueHint')}
                error={messageAt(`links.${index}.value`)}
              >
                {(description) => (
                  <input
                    {...description}
                    {...register(`links.${index}.value`)}
                    type="text"
                    autoCapitalize="none"
                    autoComplete="off"
                    spellCheck={false}
                  />
                )}
              </Field>
              <button type="button" className="button bf-link-remove" onClick={() => remove(index)}>
                {t('businessForm.links.remove', { number })}
              </button>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button"
        onClick={() => append({ kind: fields.length === 0 ? 'whatsapp' : 'instagram', value: '' })}
      >
        {t('businessForm.links.add')}
      </button>
    </div>
  );
}
