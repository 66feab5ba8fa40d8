import { useEffect, useState } from 'react';
import { loadVisitDraft } from '@/client/data/draft-repository';
import type { LocalDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';
import { latestChecklistStates } from '@/client/data/visit-repository';
import { visitsOfBusiness } from '@/client/data/visit-queries';
import type { ChecklistInput, VisitDraftData, VisitPhotoInput } from '@/client/data/visit-types';
import type { Business } from '@/shared/domain/business';
import { visitFieldsSchema } from '@/shared/domain/visit';
import {
  CHECKLIST_KINDS,
  checklistValuesFrom,
  followUpValuesFrom,
  localDateTimeInput,
  scalarValuesFromFields,
  type ScalarValues,
  type VisitFormValues,
} from './visit-form-schema';

export type VisitFormStart =
  | { status: 'loading' }
  | { status: 'pickBusiness' }
  | { status: 'missingBusiness' }
  | { status: 'locked'; visitId: string }
  | {
      status: 'ready';
      visitId: string;
      business: Business;
      initialValues: VisitFormValues;
      initialPhotos: VisitPhotoInput[];
      /** The checklists as the business's latest visit left them (what "unchanged" means). */
      checklistPrefill: ChecklistInput[];
      restoredAt: string | null;
    };

/** The business's latest checklist of each kind, so the coach only changes what changed. */
export async function latestChecklists(db: LocalDb, businessId: string): Promise<ChecklistInput[]> {
  const latest = await latestChecklistStates(db, businessId);
  return CHECKLIST_KINDS.flatMap((kind) => {
    const state = latest[kind];
    return state ? [{ kind, templateVersion: state.templateVersion, items: state.items }] : [];
  });
}

/** A draft's typed values over the defaults, keeping only keys the form knows with the right type. */
function mergeValues(defaults: ScalarValues, stored: Record<string, unknown>): ScalarValues {
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(stored)) {
    if (!(key in defaults)) continue;
    const expected = (defaults as Record<string, unknown>)[key];
    const sameType =
      (Array.isArray(expected) && Array.isArray(value)) ||
      (key === 'location' && (value === null || typeof value === 'object')) ||
      (typeof expected === typeof value && !Array.isArray(value));
    if (sameType) merged[key] = value;
  }
  return merged as ScalarValues;
}

/**
 * A draft's values as the inputs show them. The draft a full-disk save leaves (visit-repository.ts)
 * holds the saved fields (an ISO instant, rupiah as a number), not what was typed: those are turned
 * back into input text, or the number-typed ones would be dropped and saved again as blanks.
 */
function typedValues(values: Record<string, unknown>): Record<string, unknown> {
  const saved = visitFieldsSchema.safeParse(values);
  return saved.success ? scalarValuesFromFields(saved.data) : values;
}

async function loadStart(
  db: LocalDb,
  draftId: string | null,
  usaha: string | null,
  now: Date,
): Promise<VisitFormStart> {
  const draft: VisitDraftData | null = draftId ? await loadVisitDraft(db, draftId) : null;
  const visitId = draft?.visitId ?? uuidv7(now.getTime());
  // A draft left by a save on a full disk completes a saved visit; an approved one cannot change.
  const stored = draft ? await db.visits.get(visitId) : undefined;
  if (stored && !stored.deletedAt && stored.reviewState === 'approved') return { status: 'locked', visitId };
  const businessId = draft?.businessId ?? usaha;
  if (!businessId) return { status: 'pickBusiness' };
  const business = await db.businesses.get(businessId);
  if (!business || business.deletedAt) return { status: 'missingBusiness' };

  const checklistPrefill = await latestChecklists(db, businessId);
  const hasVisits =
    (await visitsOfBusiness(db, businessId)
      .filter((visit) => !visit.deletedAt)
      .count()) > 0;
  // A draft of a saved visit starts from the visit as stored: a part the draft lacks (written by an
  // older version, before `sharedWithOwner` existed) keeps its saved value instead of a blank.
  const saved = stored && !stored.deletedAt ? visitFieldsSchema.safeParse(stored) : null;
  const defaults: ScalarValues = saved?.success
    ? { ...scalarValuesFromFields(saved.data), businessId }
    : {
        businessId,
        visitedAt: localDateTimeInput(now),
        kind: hasVisits ? 'follow_up' : 'first_assessment',
        topics: [],
        notes: '',
        problems: '',
        advice: '',
        monthlySales: '',
        employees: '',
        location: null,
        nextVisitOn: '',
        sharedWithOwner: false,
        ownerSummary: '',
      };
  const values = { ...mergeValues(defaults, typedValues(draft?.values ?? {})), businessId };
  const followUps = draft ? followUpValuesFrom(draft.followUps) : [];
  // A draft's checklists are only the kinds it recorded; the others start from the latest state.
  const draftKinds = new Set(draft?.checklists.map((state) => state.kind) ?? []);
  const checklists = checklistValuesFrom(
    [...(draft?.checklists ?? []), ...checklistPrefill.filter((state) => !draftKinds.has(state.kind))],
    business.isFood,
  );
  return {
    status: 'ready',
    visitId,
    business,
    initialValues: { ...values, followUps, checklists },
    initialPhotos: draft?.photos ?? [],
    checklistPrefill,
    restoredAt: draft?.updatedAt ?? null,
  };
}

/**
 * Reads, once per draft, what the form starts from: the draft (a reload, an app kill, "Lanjutkan
 * draf"), the business and its latest checklists. Read once on purpose: a sync pull changing a row
 * while the coach types must not reset the inputs.
 */
export function useVisitFormStart(db: LocalDb, draftId: string | null, usaha: string | null): VisitFormStart {
  const key = `${draftId ?? ''}|${usaha ?? ''}`;
  const [loaded, setLoaded] = useState<{ key: string; start: VisitFormStart } | null>(null);
  useEffect(() => {
    let cancelled = false;
    void loadStart(db, draftId, usaha, new Date()).then((start) => {
      if (!cancelled) setLoaded({ key, start });
    });
    return () => {
      cancelled = true;
    };
  }, [db, draftId, usaha, key]);
  return loaded && loaded.key === key ? loaded.start : { status: 'loading' };
}
