import { useLiveQuery } from 'dexie-react-hooks';
import type { UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { localDb, type LocalDb } from '@/client/data/local-db';
import { loadRegions, type CityRegions } from '@/client/data/reference-repository';
import { Field } from '@/client/components/form-field';
import type { BusinessFormValues } from './business-form-schema';
import '@/client/i18n/business-form';

/**
 * The city's regions, telling "still reading" (undefined) apart from "never downloaded" (null): the
 * second needs a clear message, the first only a moment.
 */
export function useCityRegions(db: LocalDb = localDb): CityRegions | null | undefined {
  return useLiveQuery(() => loadRegions(db), [db]);
}

/**
 * Kecamatan → kelurahan, from the Kemendagri codes the phone keeps for its city. The kelurahan list
 * shows only the chosen kecamatan's villages; a code the list does not know (a record from before a
 * boundary change) still shows, as its code, instead of silently vanishing.
 */
export function RegionPicker({
  regions,
  districtCode,
  villageCode,
  districtError,
  villageError,
  register,
  onDistrictChange,
}: {
  regions: CityRegions | null | undefined;
  districtCode: string;
  villageCode: string;
  districtError?: string | undefined;
  villageError?: string | undefined;
  /** Registered here, in render order, so "focus the first invalid field" follows the page. */
  register: UseFormRegister<BusinessFormValues>;
  onDistrictChange: (districtCode: string) => void;
}) {
  const { t } = useTranslation();
  const districts = regions?.districts ?? [];
  const district = districts.find((d) => d.code === districtCode);
  const villages = district?.villages ?? [];
  const unknownDistrict = districtCode !== '' && !district;
  const unknownVillage = villageCode !== '' && !villages.some((v) => v.code === villageCode);

  return (
    <>
      {regions === undefined && (
        <p className="muted" role="status">
          {t('businessForm.fields.regionsLoading')}
        </p>
      )}
      {regions === null && (
        <p className="warning bf-regions-missing" role="alert">
          {t('businessForm.fields.regionsMissing')}
        </p>
      )}
      <div className="form-row">
        <Field id="bf-district" label={t('businessForm.fields.district')} required error={districtError}>
          {(description) => (
            // Controlled: the options arrive after the form mounts (regions are read from IndexedDB),
            // and an uncontrolled select would show the first option over a restored code.
            <select
              {...description}
              {...register('districtCode', {
                onChange: (event: { target: { value: string } }) => onDistrictChange(event.target.value),
              })}
              value={districtCode}
            >
              <option value="">{t('businessForm.fields.chooseDistrict')}</option>
              {unknownDistrict && <option value={districtCode}>{districtCode}</option>}
              {districts.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="bf-village" label={t('businessForm.fields.village')} required error={villageError}>
          {(description) => (
            <select {...description} {...register('villageCode')} value={villageCode}>
              <option value="">
                {districtCode === ''
                  ? t('businessForm.fields.chooseDistrictFirst')
                  : t('businessForm.fields.chooseVillage')}
              </option>
              {unknownVillage && <option value={villageCode}>{villageCode}</option>}
              {villages.map((v) => (
                <option key={v.code} value={v.code}>
                  {v.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </>
  );
}
