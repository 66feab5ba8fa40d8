import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { readRupiah } from './business-form-schema';
import { Field } from '@/client/components/form-field';
import { formatRupiah } from '@/client/components/use-format';
import '@/client/i18n/business-form';

/**
 * A money field that takes what people write ("Rp 1.500.000", "1,5 juta", "250 rb") and shows,
 * as they type, the amount it reads, so a slip like "15 juta" for "1,5 juta" is seen before saving.
 * The typed text stays as typed; the form turns it into integer rupiah on save.
 */
export function RupiahInput({
  id,
  label,
  value,
  error,
  registration,
}: {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  registration: UseFormRegisterReturn;
}) {
  const { t } = useTranslation();
  const amount = readRupiah(value);
  const reading =
    value.trim() === ''
      ? t('businessForm.fields.rupiahHint')
      : amount === null
        ? t('businessForm.fields.rupiahUnreadable')
        : t('businessForm.fields.rupiahReads', { amount: formatRupiah(amount) });
  return (
    <Field
      id={id}
      label={label}
      error={error}
      hint={<span className={amount === null ? undefined : 'form-rupiah-reading'}>{reading}</span>}
    >
      {(description) => (
        <input {...description} {...registration} type="text" autoComplete="off" spellCheck={false} />
      )}
    </Field>
  );
}
