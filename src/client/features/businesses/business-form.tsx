import { LocationField } from '@/client/components/location-field';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Controller, get, useForm, useWatch, type FieldErrors } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import {
  businessDraftId,
  createBusiness,
  deleteBusinessDraft,
  findLikelyDuplicates,
  sameValue,
  saveBusinessDraft,
  updateBusiness,
  type BusinessFields,
  type BusinessWriter,
  type LikelyDuplicate,
} from '@/client/data/business-repository';
import type { LocalDb } from '@/client/data/local-db';
import type { CityRegions } from '@/client/data/reference-repository';
import { clearUnsaved, markUnsaved } from '@/client/pwa/unsaved-work';
import { coachingStatusSchema, legalFormSchema, sectorSchema, type Sector } from '@/shared/domain/business';
import { computeSizeClass } from '@/shared/domain/size-class';
import { DuplicateWarning } from './duplicate-warning';
import { Field } from '@/client/components/form-field';
import { FormActions } from '@/client/components/form-actions';
import {
  businessFormSchema,
  formIssueKey,
  readRupiah,
  type BusinessFormValues,
} from './business-form-schema';
import { KbliPicker } from './kbli-picker';
import { LinksEditor } from './links-editor';
import { RegionPicker } from './region-picker';
import { RupiahInput } from './rupiah-input';
import './business-form.css';
import '@/client/i18n/labels';
import '@/client/i18n/business-form';

/** Sectors whose products are processed food: ticking "pangan olahan" for them saves a tap. */
const FOOD_SECTORS: readonly Sector[] = ['makanan_olahan', 'minuman'];
/** A pause in typing this long saves the draft: often enough for an app kill, rare enough for IndexedDB. */
const DRAFT_DELAY_MS = 400;

export type SaveOutcome = { businessId: string; kind: 'created' | 'updated' | 'unchanged' };

const resolver = zodResolver(businessFormSchema, { error: (issue) => formIssueKey(issue) });

/** Counts the fields with an error (leaves of the errors tree), for the summary by the save button. */
function countErrors(errors: unknown): number {
  if (!errors || typeof errors !== 'object') return 0;
  if ('type' in errors && typeof errors.type === 'string') return 1;
  return Object.entries(errors).reduce(
    (sum, [key, value]) => (key === 'ref' ? sum : sum + countErrors(value)),
    0,
  );
}

function messageAt(errors: FieldErrors<BusinessFormValues>, path: string): string | undefined {
  const error: unknown = get(errors, path);
  return error && typeof error === 'object' && 'message' in error && typeof error.message === 'string'
    ? error.message
    : undefined;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="form-section">
      <legend>
        <h2>{title}</h2>
      </legend>
      {children}
    </fieldset>
  );
}

/**
 * The business profile form, for a new business or an edit. It holds the typed text, validates with
 * the shared schema on save (errors in the user's language under each field, focus on the first),
 * keeps a draft in IndexedDB while the coach types, and tells the update prompt there is unsaved work.
 */
export function BusinessForm({
  db,
  user,
  businessId,
  initialValues,
  pristineValues,
  baseline,
  restoredAt,
  regions,
  nameOf,
  canSeeNik,
  cancelTo,
  onSaved,
  photos,
}: {
  db: LocalDb;
  user: BusinessWriter;
  /** null for a new business. */
  businessId: string | null;
  /** What the inputs start with: a restored draft, the stored profile or empty. */
  initialValues: BusinessFormValues;
  /** The values with nothing typed (empty, or the stored profile): equal to them means "no draft". */
  pristineValues: BusinessFormValues;
  /** For an edit: the profile the coach started from (the diff is taken against it). */
  baseline: BusinessFields | null;
  /** When the draft shown was last saved, or null if none was restored. */
  restoredAt: string | null;
  regions: CityRegions | null | undefined;
  nameOf: (code: string) => string;
  canSeeNik: boolean;
  cancelTo: string;
  onSaved: (outcome: SaveOutcome) => void;
  /** The "Foto usaha" section, when the photo module is present. */
  photos?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const draftKey = businessDraftId(businessId);
  const [restored, setRestored] = useState(restoredAt);
  const [duplicates, setDuplicates] = useState<LikelyDuplicate[] | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const confirmedIds = useRef(new Set<string>());
  const duplicatesHeading = useRef<HTMLHeadingElement | null>(null);
  const saved = useRef(false);
  const formRef = useRef<HTMLFormElement | null>(null);

  const {
    control,
    register,
    handleSubmit,
    setValue,
    getValues,
    getFieldState,
    reset,
    setFocus,
    subscribe,
    formState: { errors, isDirty, isSubmitting, submitCount },
  } = useForm<BusinessFormValues, unknown, BusinessFields>({
    resolver,
    defaultValues: initialValues,
    // Focus is moved below, in page order; react-hook-form's own order is the order fields were
    // first registered, which for pickers and money inputs is not the order on screen.
    shouldFocusError: false,
  });

  const [districtCode, villageCode, capital, annualSales] = useWatch({
    control,
    name: ['districtCode', 'villageCode', 'capital', 'annualSales'],
  });

  // A restored draft is unsaved work too, even before the coach touches it again.
  const hasUnsavedWork = isDirty || restored !== null;
  useEffect(() => {
    if (hasUnsavedWork) markUnsaved(draftKey);
    else clearUnsaved(draftKey);
  }, [hasUnsavedWork, draftKey]);

  // Draft: saved after each pause in typing and once more when the form goes away (navigation,
  // app backgrounded then killed). Values equal to the untouched form mean "no draft". A save waits
  // for a draft write under way, or that write would bring the draft back after the save removed it.
  const draftWrite = useRef<Promise<unknown> | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const persist = () => {
      timer = null;
      if (saved.current) return;
      const values = getValues();
      const write = sameValue(values, pristineValues)
        ? deleteBusinessDraft(db, businessId)
        : saveBusinessDraft(db, businessId, values, baseline);
      // A draft that cannot be written (disk full) must not break typing; the form still holds it.
      draftWrite.current = write.catch(() => undefined);
    };
    const unsubscribe = subscribe({
      formState: { values: true },
      callback: () => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(persist, DRAFT_DELAY_MS);
      },
    });
    return () => {
      unsubscribe();
      if (timer) {
        clearTimeout(timer);
        persist();
      }
      clearUnsaved(draftKey);
    };
  }, [subscribe, getValues, db, businessId, baseline, pristineValues, draftKey]);

  useEffect(() => {
    const heading = duplicatesHeading.current;
    if (!duplicates || !heading) return;
    heading.focus({ preventScroll: true });
    // Start of the warning at the top of the screen: its list and buttons are what comes next.
    heading.scrollIntoView?.({ block: 'start' });
  }, [duplicates]);

  // After a refused save, the first field marked invalid on screen gets the focus (and scrolls into
  // view). Keyed on submitCount: react-hook-form publishes the errors together with it, after the
  // invalid callback, so an effect on anything set in that callback would run before the marks exist.
  useEffect(() => {
    if (submitCount === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]')?.focus();
  }, [submitCount]);

  // A kelurahan belongs to one kecamatan: keep it only if it is inside the new one.
  const onDistrictChange = (district: string) => {
    if (district === '' || !getValues('villageCode').startsWith(`${district}.`)) {
      setValue('villageCode', '', { shouldDirty: true });
    }
  };
  const onSectorChange = (event: { target: { value: string } }) => {
    if (FOOD_SECTORS.includes(event.target.value as Sector) && !getFieldState('isFood').isDirty) {
      setValue('isFood', true, { shouldDirty: true });
    }
  };

  const save = async (fields: BusinessFields) => {
    setFormError(null);
    // Fields this form does not edit keep what the profile had.
    const complete: BusinessFields = {
      ...fields,
      ownerNik: canSeeNik ? fields.ownerNik : (baseline?.ownerNik ?? null),
      assignedCoachId: baseline?.assignedCoachId ?? null,
    };
    try {
      if (businessId === null) {
        const found = await findLikelyDuplicates(db, complete);
        if (found.some((duplicate) => !confirmedIds.current.has(duplicate.business.id))) {
          setDuplicates(found);
          return;
        }
        saved.current = true;
        await draftWrite.current;
        const business = await createBusiness(db, user, complete, { discardDraft: draftKey });
        clearUnsaved(draftKey);
        onSaved({ businessId: business.id, kind: 'created' });
      } else {
        saved.current = true;
        await draftWrite.current;
        const result = await updateBusiness(db, user, businessId, complete, {
          baseline: baseline ?? undefined,
          discardDraft: draftKey,
        });
        clearUnsaved(draftKey);
        onSaved({ businessId, kind: result.changed.length > 0 ? 'updated' : 'unchanged' });
      }
    } catch (error) {
      saved.current = false;
      const name = error instanceof Error ? error.name : '';
      if (name === 'QuotaExceededError') setFormError(t('businessForm.errors.quota'));
      else if (name === 'BusinessNotFoundError') setFormError(t('businessForm.errors.gone'));
      else {
        const reason = error instanceof Error && error.message ? error.message : String(error);
        setFormError(t('businessForm.errors.saveFailed', { reason }));
      }
    }
  };

  const onSubmit = (event?: FormEvent) => handleSubmit(save, () => setDuplicates(null))(event);

  const confirmDuplicates = () => {
    for (const duplicate of duplicates ?? []) confirmedIds.current.add(duplicate.business.id);
    setDuplicates(null);
    void onSubmit();
  };

  const discardDraft = () => {
    reset(pristineValues);
    setRestored(null);
    void deleteBusinessDraft(db, businessId);
  };

  // Live: the count drops as the coach fixes fields, and the line goes when none are left.
  const errorCount = submitCount > 0 ? countErrors(errors) : 0;
  const capitalAmount = readRupiah(capital);
  const salesAmount = readRupiah(annualSales);
  const sizeClass = computeSizeClass({ capital: capitalAmount, annualSales: salesAmount });
  const restoredTime = restored
    ? new Intl.DateTimeFormat(i18n.resolvedLanguage === 'en' ? 'en-GB' : 'id-ID', {
        dateStyle: 'medium',
        timeStyle: 'short',
      }).format(new Date(restored))
    : '';

  return (
    <form ref={formRef} className="entry-form bf-form" onSubmit={onSubmit} noValidate>
      {restored && (
        <div className="warning form-draft-bar" role="status">
          <p>{t('businessForm.draft.restored', { time: restoredTime })}</p>
          <button type="button" className="button" onClick={discardDraft}>
            {t('businessForm.draft.discard')}
          </button>
        </div>
      )}
      <p className="muted">{t('businessForm.intro')}</p>

      <Section title={t('businessForm.sections.business')}>
        <Field id="bf-name" label={t('businessForm.fields.name')} required error={messageAt(errors, 'name')}>
          {(description) => <input {...description} {...register('name')} type="text" autoComplete="off" />}
        </Field>
        <Field id="bf-brand" label={t('businessForm.fields.brand')} error={messageAt(errors, 'brand')}>
          {(description) => <input {...description} {...register('brand')} type="text" autoComplete="off" />}
        </Field>
        <Field
          id="bf-sector"
          label={t('businessForm.fields.sector')}
          required
          error={messageAt(errors, 'sector')}
        >
          {(description) => (
            <select {...description} {...register('sector', { onChange: onSectorChange })}>
              <option value="">{t('businessForm.fields.chooseSector')}</option>
              {sectorSchema.options.map((sector) => (
                <option key={sector} value={sector}>
                  {t(`labels.sector.${sector}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field form-check">
          <input id="bf-is-food" type="checkbox" aria-describedby="bf-is-food-hint" {...register('isFood')} />
          <label htmlFor="bf-is-food">{t('businessForm.fields.isFood')}</label>
          <p id="bf-is-food-hint" className="form-hint muted">
            {t('businessForm.fields.isFoodHint')}
          </p>
        </div>
        <Field
          id="bf-products"
          label={t('businessForm.fields.products')}
          hint={t('businessForm.fields.productsHint')}
          error={messageAt(errors, 'products')}
        >
          {(description) => <textarea {...description} {...register('products')} rows={2} />}
        </Field>
        <Controller
          control={control}
          name="kbli"
          render={({ field }) => (
            <KbliPicker
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              inputRef={field.ref}
              error={messageAt(errors, 'kbli.code') ?? messageAt(errors, 'kbli')}
            />
          )}
        />
        <div className="form-row">
          <Field
            id="bf-year"
            label={t('businessForm.fields.yearStarted')}
            error={messageAt(errors, 'yearStarted')}
          >
            {(description) => (
              <input
                {...description}
                {...register('yearStarted')}
                type="text"
                inputMode="numeric"
                autoComplete="off"
              />
            )}
          </Field>
          <Field
            id="bf-employees"
            label={t('businessForm.fields.employees')}
            error={messageAt(errors, 'employees')}
          >
            {(description) => (
              <input
                {...description}
                {...register('employees')}
                type="text"
                inputMode="numeric"
                autoComplete="off"
              />
            )}
          </Field>
        </div>
        <Field
          id="bf-legal-form"
          label={t('businessForm.fields.legalForm')}
          error={messageAt(errors, 'legalForm')}
        >
          {(description) => (
            <select {...description} {...register('legalForm')}>
              <option value="">{t('businessForm.fields.legalFormUnknown')}</option>
              {legalFormSchema.options.map((form) => (
                <option key={form} value={form}>
                  {t(`labels.legalForm.${form}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </Section>

      <Section title={t('businessForm.sections.owner')}>
        <Field
          id="bf-owner-name"
          label={t('businessForm.fields.ownerName')}
          required
          error={messageAt(errors, 'ownerName')}
        >
          {(description) => (
            <input {...description} {...register('ownerName')} type="text" autoComplete="off" />
          )}
        </Field>
        {canSeeNik && (
          <Field
            id="bf-owner-nik"
            label={t('businessForm.fields.ownerNik')}
            hint={t('businessForm.fields.ownerNikHint')}
            error={messageAt(errors, 'ownerNik')}
          >
            {(description) => (
              <input
                {...description}
                {...register('ownerNik')}
                type="text"
                inputMode="numeric"
                autoComplete="off"
              />
            )}
          </Field>
        )}
        <Field
          id="bf-phone"
          label={t('businessForm.fields.phone')}
          hint={t('businessForm.fields.phoneHint')}
          error={messageAt(errors, 'phone')}
        >
          {(description) => <input {...description} {...register('phone')} type="tel" autoComplete="off" />}
        </Field>
      </Section>

      <Section title={t('businessForm.sections.place')}>
        <Field id="bf-address" label={t('businessForm.fields.address')} error={messageAt(errors, 'address')}>
          {(description) => <textarea {...description} {...register('address')} rows={2} />}
        </Field>
        <RegionPicker
          regions={regions}
          districtCode={districtCode}
          villageCode={villageCode}
          districtError={messageAt(errors, 'districtCode')}
          villageError={messageAt(errors, 'villageCode')}
          register={register}
          onDistrictChange={onDistrictChange}
        />
        <Controller
          control={control}
          name="location"
          render={({ field }) => (
            <LocationField
              value={field.value}
              onChange={field.onChange}
              textPrefix="businessForm.location"
              classNames={{ fieldset: 'form-fieldset bf-location', value: 'form-location-value' }}
              maximumAgeMs={60_000}
              buttonRef={field.ref}
              error={
                messageAt(errors, 'location.lat') ??
                messageAt(errors, 'location.lng') ??
                messageAt(errors, 'location')
              }
            />
          )}
        />
      </Section>

      <Section title={t('businessForm.sections.money')}>
        <RupiahInput
          id="bf-capital"
          label={t('businessForm.fields.capital')}
          value={capital}
          error={messageAt(errors, 'capital')}
          registration={register('capital')}
        />
        <RupiahInput
          id="bf-annual-sales"
          label={t('businessForm.fields.annualSales')}
          value={annualSales}
          error={messageAt(errors, 'annualSales')}
          registration={register('annualSales')}
        />
        <div className="bf-size-class" aria-live="polite">
          <p className="bf-size-class-label">{t('businessForm.fields.sizeClass')}</p>
          {sizeClass ? (
            <>
              <p className="bf-size-class-value">{t(`sizeClass.${sizeClass}`)}</p>
              <p className="form-hint muted">{t('businessForm.fields.sizeClassBasis')}</p>
            </>
          ) : (
            <p className="muted">{t('businessForm.fields.sizeClassNone')}</p>
          )}
        </div>
      </Section>

      <Section title={t('businessForm.sections.licences')}>
        <p className="muted">{t('businessForm.licences.intro')}</p>
        {(['nib', 'pirt', 'halal', 'bpom', 'trademark'] as const).map((licence) => (
          <Field
            key={licence}
            id={`bf-licence-${licence}`}
            label={t(`labels.licence.${licence}`)}
            hint={t(`businessForm.licences.${licence}Hint`)}
            error={messageAt(errors, `licences.${licence}`)}
          >
            {(description) => (
              <input
                {...description}
                {...register(`licences.${licence}`)}
                type="text"
                inputMode={licence === 'nib' || licence === 'pirt' ? 'numeric' : 'text'}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
        ))}
      </Section>

      <Section title={t('businessForm.sections.links')}>
        <LinksEditor control={control} register={register} errors={errors} />
      </Section>

      <Section title={t('businessForm.sections.coaching')}>
        <Field
          id="bf-cohort"
          label={t('businessForm.fields.cohort')}
          hint={t('businessForm.fields.cohortHint')}
          error={messageAt(errors, 'cohort')}
        >
          {(description) => <input {...description} {...register('cohort')} type="text" autoComplete="off" />}
        </Field>
        <Field id="bf-status" label={t('businessForm.fields.status')} error={messageAt(errors, 'status')}>
          {(description) => (
            <select {...description} {...register('status')}>
              {coachingStatusSchema.options.map((status) => (
                <option key={status} value={status}>
                  {t(`labels.status.${status}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </Section>

      {photos && <Section title={t('businessForm.sections.photos')}>{photos}</Section>}

      {duplicates && (
        <DuplicateWarning
          duplicates={duplicates}
          nameOf={nameOf}
          busy={isSubmitting}
          headingRef={duplicatesHeading}
          onConfirm={confirmDuplicates}
          onReview={() => {
            setDuplicates(null);
            setFocus('name');
          }}
        />
      )}

      {/* While the duplicate warning asks its question, its own buttons are the way on. */}
      <FormActions
        hidden={duplicates !== null}
        errorSummary={errorCount > 0 ? t('businessForm.errors.summary', { count: errorCount }) : null}
        formError={formError}
        submitting={isSubmitting}
        saveLabel={t('businessForm.save')}
        savingLabel={t('businessForm.saving')}
        cancelTo={cancelTo}
        cancelLabel={t('businessForm.cancel')}
      />
    </form>
  );
}
