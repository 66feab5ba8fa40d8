import { LocationField } from '@/client/components/location-field';
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Controller, get, useForm, useWatch, type FieldErrors } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { PhotoPicker, type PhotoPickerItem, type PhotoProblem } from '@/client/components/photo-picker';
import { sameValue } from '@/client/data/business-repository';
import { deleteDraft, saveVisitDraft } from '@/client/data/draft-repository';
import type { LocalDb } from '@/client/data/local-db';
import { preparePhoto, PhotoRejectedError } from '@/client/data/photos';
import { uuidv7 } from '@/client/data/uuid';
import {
  isQuotaExceeded,
  saveVisit,
  VisitLockedError,
  type VisitWriter,
} from '@/client/data/visit-repository';
import type {
  ChecklistInput,
  SaveVisitInput,
  SaveVisitResult,
  VisitDraftData,
  VisitPhotoInput,
} from '@/client/data/visit-types';
import { clearUnsaved, markUnsaved } from '@/client/pwa/unsaved-work';
import { currentTemplate } from '@/shared/checklists';
import { itemsFor, type ChecklistKind } from '@/shared/checklists/checklist-template';
import type { Business } from '@/shared/domain/business';
import { photoKindSchema, type Photo } from '@/shared/domain/photo';
import { visitFieldsSchema, visitKindSchema, visitTopicSchema } from '@/shared/domain/visit';
import { VisitChecklist, type PhotoOption } from './visit-checklist';
import { Field } from '@/client/components/form-field';
import { FormActions } from '@/client/components/form-actions';
import { VisitFollowUps } from './visit-follow-ups';
import {
  CHECKLIST_KINDS,
  TOPIC_OF_CHECKLIST,
  checklistInputsFrom,
  checklistValuesFrom,
  followUpInputsFrom,
  localDateInput,
  localDateTimeInput,
  readRupiah,
  visitFormSchema,
  visitIssueKey,
  type VisitFormOutput,
  type VisitFormValues,
} from './visit-form-schema';
import { formatRupiah, useFormat } from '@/client/components/use-format';
import './visits.css';
import '@/client/i18n/visits';
import '@/client/i18n/labels';

/** A pause this long saves the draft: often enough for an app kill, rare enough for IndexedDB. */
export const DRAFT_DELAY_MS = 400;
const DEFAULT_PHOTO_KIND: Photo['kind'] = 'product';
/** As long as the shared schema lets an owner summary be. */
const OWNER_SUMMARY_MAX = visitFieldsSchema.shape.ownerSummary.unwrap().maxLength ?? 2_000;

export type VisitFormProps = {
  db: LocalDb;
  user: VisitWriter;
  draftId: string;
  visitId: string;
  business: Business;
  initialValues: VisitFormValues;
  initialPhotos: VisitPhotoInput[];
  /** The checklists as prefilled from the business's latest state. */
  checklistPrefill: ChecklistInput[];
  /** When the draft shown was last saved, or null if none was restored. */
  restoredAt: string | null;
  cancelTo: string;
  /** The first change: the page gives the draft its place in the URL. */
  onDraftStarted: () => void;
  onSaved: (result: SaveVisitResult) => void;
  onDiscarded: () => void;
};

/** Counts the fields with an error (leaves of the errors tree), for the summary by the save button. */
function countErrors(errors: unknown): number {
  if (!errors || typeof errors !== 'object') return 0;
  if ('type' in errors && typeof errors.type === 'string') return 1;
  return Object.entries(errors).reduce(
    (sum, [key, value]) => (key === 'ref' ? sum : sum + countErrors(value)),
    0,
  );
}

function messageAt(errors: FieldErrors<VisitFormValues>, path: string): string | undefined {
  const error: unknown = get(errors, path);
  return error && typeof error === 'object' && 'message' in error && typeof error.message === 'string'
    ? error.message
    : undefined;
}

function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <fieldset className="form-section" id={id}>
      <legend>
        <h2>{title}</h2>
      </legend>
      {children}
    </fieldset>
  );
}

/**
 * The visit form: what happened at the visit, its photos, the two checklists, follow-ups, figures
 * and the next visit. It validates with the shared schemas on save (errors in the user's language by
 * each field, focus on the first), keeps a draft in IndexedDB on every pause and when the app is
 * hidden, and tells the update prompt there is unsaved work. Nothing typed is lost to a wrong field.
 */
export function VisitForm({
  db,
  user,
  draftId,
  visitId,
  business,
  initialValues,
  initialPhotos,
  checklistPrefill,
  restoredAt,
  cancelTo,
  onDraftStarted,
  onSaved,
  onDiscarded,
}: VisitFormProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const unsavedKey = `visit-draft:${draftId}`;

  const [photos, setPhotos] = useState<VisitPhotoInput[]>(initialPhotos);
  const [busyCount, setBusyCount] = useState(0);
  const [photoProblems, setPhotoProblems] = useState<PhotoProblem[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const [draftProblem, setDraftProblem] = useState(false);
  const [restored, setRestored] = useState(restoredAt);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [openKinds, setOpenKinds] = useState<ReadonlySet<ChecklistKind>>(
    () => new Set(CHECKLIST_KINDS.filter((kind) => initialValues.topics.includes(TOPIC_OF_CHECKLIST[kind]))),
  );
  const [changed, setChanged] = useState(restoredAt !== null);
  // When the form opened: the visit time cannot be later (a few minutes' grace for a slow clock).
  const [openedAt] = useState(() => {
    const now = new Date();
    return {
      today: localDateInput(now),
      maxVisitedAt: localDateTimeInput(new Date(now.getTime() + 10 * 60 * 1000)),
    };
  });

  // What the draft writer and the save read; kept in refs so the timers see the latest, updated only
  // in event handlers (never during render).
  const latest = useRef({ photos: initialPhotos });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const staleDraft = useRef(false);
  const saving = useRef(false);
  const startedRef = useRef(restoredAt !== null);
  const onDraftStartedRef = useRef(onDraftStarted);
  useEffect(() => {
    onDraftStartedRef.current = onDraftStarted;
  });
  const mounted = useRef(true);
  const formRef = useRef<HTMLFormElement | null>(null);

  const resolver = useMemo(
    () => zodResolver(visitFormSchema(), { error: (issue) => visitIssueKey(issue) }),
    [],
  );
  const {
    control,
    register,
    handleSubmit,
    getValues,
    setValue,
    subscribe,
    formState: { errors, isSubmitting, submitCount },
  } = useForm<VisitFormValues, unknown, VisitFormOutput>({
    resolver,
    defaultValues: initialValues,
    // Focus moves below in page order; react-hook-form's own order is registration order.
    shouldFocusError: false,
  });
  const [monthlySales, visitedAt, sharedWithOwner] = useWatch({
    control,
    name: ['monthlySales', 'visitedAt', 'sharedWithOwner'],
  });

  const isFood = business.isFood;
  const templates = useMemo(
    () => CHECKLIST_KINDS.map((kind) => ({ kind, items: itemsFor(currentTemplate(kind), isFood) })),
    [isFood],
  );
  const prefillInputs = useMemo(
    () => checklistInputsFrom(checklistValuesFrom(checklistPrefill, isFood)),
    [checklistPrefill, isFood],
  );

  const buildDraft = (): VisitDraftData => {
    const { followUps, checklists, ...values } = getValues();
    return {
      businessId: business.id,
      visitId,
      values,
      followUps: followUpInputsFrom(followUps),
      checklists: checklistInputsFrom(checklists),
      photos: latest.current.photos,
      updatedAt: new Date().toISOString(),
    };
  };
  const buildDraftRef = useRef(buildDraft);
  useEffect(() => {
    buildDraftRef.current = buildDraft;
  });

  // The draft write under way, if any: a save or a discard waits for it, or the draft it writes
  // would land after the save removed the draft, and "Lanjutkan draf" would appear on a saved visit.
  const draftWrite = useRef<Promise<void> | null>(null);
  const writeDraft = async (): Promise<void> => {
    if (saving.current) return;
    staleDraft.current = false;
    const write = (async () => {
      try {
        await saveVisitDraft(db, draftId, buildDraftRef.current());
        if (mounted.current) setDraftProblem(false);
      } catch {
        // A draft that cannot be written (disk full) must not break typing: the form still holds it.
        staleDraft.current = true;
        if (mounted.current) setDraftProblem(true);
      }
    })();
    draftWrite.current = write;
    await write;
    if (draftWrite.current === write) draftWrite.current = null;
  };
  const writeDraftRef = useRef(writeDraft);
  useEffect(() => {
    writeDraftRef.current = writeDraft;
  });

  const flushDraft = async (): Promise<void> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    if (staleDraft.current) await writeDraftRef.current();
    else if (draftWrite.current) await draftWrite.current;
  };
  const flushRef = useRef(flushDraft);
  useEffect(() => {
    flushRef.current = flushDraft;
  });

  const scheduleDraft = () => {
    if (saving.current) return;
    staleDraft.current = true;
    if (!startedRef.current) {
      startedRef.current = true;
      onDraftStartedRef.current();
    }
    setChanged(true);
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void writeDraftRef.current();
    }, DRAFT_DELAY_MS);
  };
  const scheduleRef = useRef(scheduleDraft);
  useEffect(() => {
    scheduleRef.current = scheduleDraft;
  });

  // Typing anywhere schedules a draft write; leaving the app (hidden, pagehide) or the form writes now.
  useEffect(() => {
    mounted.current = true;
    const unsubscribe = subscribe({
      formState: { values: true },
      callback: () => scheduleRef.current(),
    });
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flushRef.current();
    };
    const onPageHide = () => void flushRef.current();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    return () => {
      mounted.current = false;
      unsubscribe();
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      void flushRef.current();
    };
  }, [subscribe]);

  // Unsaved work blocks a silent app update (pwa/update-prompt) until saved or discarded.
  useEffect(() => {
    if (changed) markUnsaved(unsavedKey);
    return () => clearUnsaved(unsavedKey);
  }, [changed, unsavedKey]);

  // After a refused save, the first field marked invalid on screen gets the focus (and scrolls into
  // view). Keyed on submitCount: react-hook-form publishes the errors together with it.
  useEffect(() => {
    if (submitCount === 0) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]')?.focus();
  }, [submitCount]);

  // Photos ------------------------------------------------------------------------------------
  const updatePhotos = (next: VisitPhotoInput[]) => {
    latest.current = { photos: next };
    setPhotos(next);
    scheduleDraft();
  };

  const pickerItems: PhotoPickerItem[] = photos.map((photo) => ({
    id: photo.id,
    bytes: photo.bytes,
    mimeType: photo.mimeType,
    kind: photo.kind,
  }));
  const kindOptions = photoKindSchema.options.map((kind) => ({
    value: kind,
    label: t(`labels.photoKind.${kind}`),
  }));
  const photoOptions: PhotoOption[] = pickerItems.map((item, index) => ({
    id: item.id,
    label: t('visits.checklist.photoOption', { number: index + 1, kind: t(`labels.photoKind.${item.kind}`) }),
  }));

  /** Prepares the picked files one by one (a phone has little memory to decode several at once). */
  const addFiles = async (files: File[]) => {
    setPhotoProblems([]);
    setBusyCount((count) => count + files.length);
    const problems: PhotoProblem[] = [];
    for (const file of files) {
      try {
        const photo = await preparePhoto(file);
        if (!mounted.current) return;
        if (latest.current.photos.some((known) => known.sha256 === photo.sha256)) {
          problems.push({ name: file.name, message: t('visits.photo.duplicate') });
          continue;
        }
        // The camera's file time is when the photo was taken; a gallery file may be older. Never future.
        const taken =
          file.lastModified > 0 && file.lastModified <= Date.now() ? file.lastModified : Date.now();
        updatePhotos([
          ...latest.current.photos,
          {
            ...photo,
            id: uuidv7(),
            kind: DEFAULT_PHOTO_KIND,
            caption: null,
            takenAt: new Date(taken).toISOString(),
          },
        ]);
      } catch (error) {
        const message =
          error instanceof PhotoRejectedError ? t(error.messageKey) : t('visits.photoUnreadable');
        problems.push({ name: file.name, message });
      } finally {
        if (mounted.current) setBusyCount((count) => count - 1);
      }
    }
    if (mounted.current) setPhotoProblems(problems);
  };

  const removePhoto = (id: string) => {
    // Evidence pointing at this photo no longer can.
    const values = getValues('checklists');
    for (const kind of CHECKLIST_KINDS) {
      for (const [itemId, item] of Object.entries(values[kind] ?? {})) {
        if (item.evidencePhotoId === id) {
          setValue(`checklists.${kind}.${itemId}.evidencePhotoId`, '', { shouldDirty: true });
        }
      }
    }
    updatePhotos(latest.current.photos.filter((photo) => photo.id !== id));
  };

  const changePhotoKind = (id: string, kind: string) => {
    const parsed = photoKindSchema.safeParse(kind);
    if (!parsed.success) return;
    updatePhotos(
      latest.current.photos.map((photo) => (photo.id === id ? { ...photo, kind: parsed.data } : photo)),
    );
  };

  // Topics and checklists -------------------------------------------------------------------------
  const setKindOpen = (kind: ChecklistKind, open: boolean) =>
    setOpenKinds((current) => {
      if (current.has(kind) === open) return current;
      const next = new Set(current);
      if (open) next.add(kind);
      else next.delete(kind);
      return next;
    });
  const onTopicChange = (event: { target: { value: string; checked?: boolean } }) => {
    const kind = CHECKLIST_KINDS.find((k) => TOPIC_OF_CHECKLIST[k] === event.target.value);
    if (kind && event.target.checked) setKindOpen(kind, true);
  };
  // Ticking a checklist item means the visit covered that topic.
  const onItemChange = (kind: ChecklistKind) => {
    const topic = TOPIC_OF_CHECKLIST[kind];
    const topics = getValues('topics') ?? [];
    if (!topics.includes(topic)) setValue('topics', [...topics, topic], { shouldDirty: true });
  };

  /**
   * The checklists this visit records: those whose topic it covered or that the coach changed (a
   * snapshot per visit, so progress over time shows).
   */
  const checklistsToRecord = (output: VisitFormOutput): ChecklistInput[] =>
    CHECKLIST_KINDS.flatMap((kind) => {
      const items = output.checklists[kind];
      const prefill = prefillInputs.find((input) => input.kind === kind)?.items ?? {};
      const touched = !sameValue(prefill, items);
      const covered = output.topics.includes(TOPIC_OF_CHECKLIST[kind]);
      if (!touched && !covered) return [];
      return [{ kind, templateVersion: currentTemplate(kind).version, items }];
    });

  // Sharing with the owner ------------------------------------------------------------------------
  // Ticking it with no summary yet starts the summary from the advice given, the part an owner most
  // needs; the coach shortens or rewords it (the advice itself stays internal).
  const onShareChange = (event: { target: { checked?: boolean } }) => {
    if (!event.target.checked || getValues('ownerSummary').trim() !== '') return;
    const advice = getValues('advice').trim();
    if (advice !== '') setValue('ownerSummary', advice, { shouldDirty: true });
  };

  // Save ------------------------------------------------------------------------------------------
  const save = async (output: VisitFormOutput) => {
    setFormError(null);
    if (busyCount > 0) {
      setFormError(t('visits.errors.photosBusy'));
      return;
    }
    // The draft on disk must hold the photos before saving: on a full disk they stay there.
    await flushDraft();
    saving.current = true;
    const { followUps, checklists: _checklists, ...fields } = output;
    const input: SaveVisitInput = {
      visitId,
      draftId,
      fields: {
        ...fields,
        coachId: user.id,
        reviewState: 'submitted',
        reviewComment: null,
        coachReply: null,
      },
      followUps: followUps.map((row) => ({
        id: row.followUpId,
        what: row.what,
        who: row.who,
        dueOn: row.dueOn,
        assignee: row.assignee,
      })),
      checklists: checklistsToRecord(output),
      photos: latest.current.photos,
    };
    try {
      const result = await saveVisit(db, user, input);
      clearUnsaved(unsavedKey);
      onSaved(result);
    } catch (error) {
      saving.current = false;
      if (error instanceof VisitLockedError) setFormError(t('visits.errors.locked'));
      else if (isQuotaExceeded(error)) setFormError(t('visits.errors.quota'));
      else {
        const reason = error instanceof Error && error.message ? error.message : String(error);
        setFormError(t('visits.errors.saveFailed', { reason }));
      }
    }
  };
  const onSubmit = (event?: FormEvent) => handleSubmit(save)(event);

  const discard = async () => {
    saving.current = true;
    if (timer.current) clearTimeout(timer.current);
    clearUnsaved(unsavedKey);
    if (draftWrite.current) await draftWrite.current;
    await deleteDraft(db, draftId).catch(() => undefined);
    setRestored(null);
    onDiscarded();
  };

  const errorCount = submitCount > 0 ? countErrors(errors) : 0;
  const salesAmount = readRupiah(monthlySales);
  const salesReading =
    monthlySales.trim() === ''
      ? t('visits.form.rupiahHint')
      : salesAmount === null
        ? t('visits.form.rupiahUnreadable')
        : t('visits.form.rupiahReads', { amount: formatRupiah(salesAmount) });
  const visitDay = (() => {
    const date = new Date(visitedAt);
    return Number.isNaN(date.getTime()) ? openedAt.today : localDateInput(date);
  })();
  const nextDayMin = (() => {
    const [year = 0, month = 1, day = 1] = visitDay.split('-').map(Number);
    return localDateInput(new Date(year, month - 1, day + 1));
  })();

  const discardControl = confirmDiscard ? (
    <div className="button-row">
      <p className="vf-discard-question">{t('visits.form.discardQuestion')}</p>
      <button type="button" className="button button-danger" onClick={() => void discard()}>
        {t('visits.form.discardConfirm')}
      </button>
      <button type="button" className="button" onClick={() => setConfirmDiscard(false)}>
        {t('visits.form.discardCancel')}
      </button>
    </div>
  ) : (
    <button type="button" className="button" onClick={() => setConfirmDiscard(true)}>
      {t('visits.form.discard')}
    </button>
  );

  return (
    <form ref={formRef} className="entry-form vf-form" onSubmit={onSubmit} noValidate>
      {restored && (
        <div className="warning form-draft-bar" role="status">
          <p>{t('visits.form.draftRestored', { time: format.dateTime(restored) })}</p>
          {discardControl}
        </div>
      )}
      {draftProblem && (
        <p className="warning" role="alert">
          {t('visits.form.draftNotSaved')}
        </p>
      )}

      <Section title={t('visits.form.sectionVisit')}>
        <div className="form-row">
          <Field
            id="vf-visited-at"
            label={t('visits.form.visitedAt')}
            required
            error={messageAt(errors, 'visitedAt')}
          >
            {(description) => (
              <input
                {...description}
                {...register('visitedAt')}
                type="datetime-local"
                max={openedAt.maxVisitedAt}
              />
            )}
          </Field>
          <Field id="vf-kind" label={t('visits.form.kind')} required error={messageAt(errors, 'kind')}>
            {(description) => (
              <select {...description} {...register('kind')}>
                {visitKindSchema.options.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`labels.visitKind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <fieldset className="form-fieldset">
          <legend>{t('visits.form.topics')}</legend>
          <div className="vf-topics">
            {visitTopicSchema.options.map((topic) => (
              <div key={topic} className="form-check">
                <input
                  id={`vf-topic-${topic}`}
                  type="checkbox"
                  value={topic}
                  {...register('topics', { onChange: onTopicChange })}
                />
                <label htmlFor={`vf-topic-${topic}`}>{t(`labels.topic.${topic}`)}</label>
              </div>
            ))}
          </div>
        </fieldset>
      </Section>

      <Section title={t('visits.form.sectionNotes')}>
        <Field id="vf-notes" label={t('visits.form.notes')} error={messageAt(errors, 'notes')}>
          {(description) => <textarea {...description} {...register('notes')} rows={4} />}
        </Field>
        <Field id="vf-problems" label={t('visits.form.problems')} error={messageAt(errors, 'problems')}>
          {(description) => <textarea {...description} {...register('problems')} rows={3} />}
        </Field>
        <Field id="vf-advice" label={t('visits.form.advice')} error={messageAt(errors, 'advice')}>
          {(description) => <textarea {...description} {...register('advice')} rows={3} />}
        </Field>
      </Section>

      <Section title={t('visits.form.sectionPhotos')}>
        <p className="muted vf-section-intro">{t('visits.form.photosIntro')}</p>
        <PhotoPicker
          photos={pickerItems}
          kindOptions={kindOptions}
          busyCount={busyCount}
          problems={photoProblems}
          onFiles={(files) => void addFiles(files)}
          onRemove={removePhoto}
          onKindChange={changePhotoKind}
          onDismissProblems={() => setPhotoProblems([])}
        />
      </Section>

      <Section title={t('visits.form.sectionChecklists')}>
        <p className="muted vf-section-intro">{t('visits.form.checklistsIntro')}</p>
        {templates.map(({ kind, items }) => (
          <VisitChecklist
            key={kind}
            kind={kind}
            title={t(`labels.checklistKind.${kind}`)}
            items={items}
            control={control}
            register={register}
            errors={errors}
            open={openKinds.has(kind) || !!errors.checklists?.[kind]}
            onToggle={(open) => setKindOpen(kind, open)}
            onItemChange={() => onItemChange(kind)}
            photoOptions={photoOptions}
          />
        ))}
      </Section>

      <Section title={t('visits.form.sectionFollowUps')}>
        <VisitFollowUps control={control} register={register} errors={errors} />
      </Section>

      <Section title={t('visits.form.sectionFigures')}>
        <p className="muted vf-section-intro">{t('visits.form.figuresIntro')}</p>
        <div className="form-row">
          <Field
            id="vf-monthly-sales"
            label={t('visits.form.monthlySales')}
            error={messageAt(errors, 'monthlySales')}
            hint={
              <span className={salesAmount === null ? undefined : 'form-rupiah-reading'}>{salesReading}</span>
            }
          >
            {(description) => (
              <input
                {...description}
                {...register('monthlySales')}
                type="text"
                inputMode="text"
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field id="vf-employees" label={t('visits.form.employees')} error={messageAt(errors, 'employees')}>
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
      </Section>

      <Section title={t('visits.form.sectionPlace')}>
        <Controller
          control={control}
          name="location"
          render={({ field }) => (
            <LocationField
              value={field.value}
              onChange={field.onChange}
              textPrefix="visits.location"
              classNames={{ fieldset: 'form-fieldset', value: 'form-location-value' }}
              maximumAgeMs={30_000}
              error={messageAt(errors, 'location') ?? messageAt(errors, 'location.lat')}
            />
          )}
        />
        <Field
          id="vf-next-visit"
          label={t('visits.form.nextVisitOn')}
          error={messageAt(errors, 'nextVisitOn')}
          hint={t('visits.form.nextVisitHint')}
        >
          {(description) => (
            <input {...description} {...register('nextVisitOn')} type="date" min={nextDayMin} />
          )}
        </Field>
      </Section>

      <Section title={t('visits.form.sectionOwner')} id="vf-owner">
        {/* What sharing shows is said before the tick, not only once it is ticked. */}
        <div className="form-check vf-share">
          <input
            id="vf-share"
            type="checkbox"
            aria-describedby="vf-share-hint"
            {...register('sharedWithOwner', { onChange: onShareChange })}
          />
          <label htmlFor="vf-share">{t('visits.form.shareWithOwner')}</label>
          <p id="vf-share-hint" className="form-hint muted">
            {t('visits.form.ownerSummaryHint')}
          </p>
        </div>
        {sharedWithOwner && (
          <Field
            id="vf-owner-summary"
            label={t('visits.form.ownerSummary')}
            required
            error={messageAt(errors, 'ownerSummary')}
          >
            {(description) => (
              <textarea
                {...description}
                {...register('ownerSummary')}
                rows={4}
                maxLength={OWNER_SUMMARY_MAX}
              />
            )}
          </Field>
        )}
      </Section>

      {/* Outside the sticky save bar, which must stay small on a phone. */}
      {changed && (
        <div className="form-draft-bar">
          <p className="form-hint muted">{t('visits.form.draftKept')}</p>
          {!restored && discardControl}
        </div>
      )}

      <FormActions
        errorSummary={errorCount > 0 ? t('visits.errors.summary', { count: errorCount }) : null}
        formError={formError}
        submitting={isSubmitting}
        saveLabel={t('visits.save')}
        savingLabel={t('visits.saving')}
        cancelTo={cancelTo}
        cancelLabel={t('visits.form.back')}
      />
    </form>
  );
}
