import { z } from 'zod';
import type { ChecklistInput, FollowUpInput, VisitFields } from '@/client/data/visit-types';
import { assigneeOf, WHO_OF_ASSIGNEE } from '@/client/data/visit-repository';
import { itemsFor, type ChecklistKind, type ChecklistTemplate } from '@/shared/checklists/checklist-template';
import { currentTemplate } from '@/shared/checklists';
import { checklistItemStateSchema, type ChecklistItemState } from '@/shared/domain/checklist-state';
import { idSchema, parseRupiah, urlSchema, type GeoPoint } from '@/shared/domain/common';
import { followUpFieldsSchema } from '@/shared/domain/follow-up';
import { followUpAssigneeSchema, type FollowUpAssignee } from '@/shared/domain/owner';
import { visitFieldsSchema, type VisitKind, type VisitTopic } from '@/shared/domain/visit';
import '@/client/i18n/visits';

/**
 * What the visit form holds while the coach types: strings exactly as typed (a half-typed "1,5 ju" or
 * a date stays on screen while it is wrong), turned into domain fields only by `visitFormSchema`, which
 * then validates them with the shared schemas. Names and nesting mirror the domain so error paths land
 * on the right inputs (`followUps.0.what`, `checklists.packaging.halal_logo.evidence.value`).
 */
export const CHECKLIST_KINDS: readonly ChecklistKind[] = ['packaging', 'digital_marketing'];
export type EvidenceKind = 'link' | 'handle' | 'photo';

export type ChecklistItemValues = {
  done: boolean;
  evidenceKind: EvidenceKind | '';
  evidenceValue: string;
  evidencePhotoId: string;
  note: string;
};
export type ChecklistValues = Record<ChecklistKind, Record<string, ChecklistItemValues>>;
/**
 * `assignee` is '' until the coach chooses (a new row has no default: a wrong one would put the
 * coach's task in the owner's action plan). `who` is what the coach typed for "Pihak lain"; for the
 * owner and the coach the form writes it.
 */
export type FollowUpValues = {
  followUpId: string;
  what: string;
  assignee: FollowUpAssignee | '';
  who: string;
  dueOn: string;
};

export type VisitFormValues = {
  businessId: string;
  /** `YYYY-MM-DDTHH:mm`, local time, as a datetime-local input gives it. */
  visitedAt: string;
  kind: VisitKind;
  topics: VisitTopic[];
  notes: string;
  problems: string;
  advice: string;
  monthlySales: string;
  employees: string;
  location: GeoPoint | null;
  nextVisitOn: string;
  /** Shown to the business owner (as `ownerSummary` only; notes, problems and advice stay internal). */
  sharedWithOwner: boolean;
  ownerSummary: string;
  followUps: FollowUpValues[];
  checklists: ChecklistValues;
};

/** The scalar part of the form, as a draft keeps it in `values`. */
export type ScalarValues = Omit<VisitFormValues, 'followUps' | 'checklists'>;

/** Which topic a checklist belongs to: ticking the topic opens (and records) the checklist. */
export const TOPIC_OF_CHECKLIST: Record<ChecklistKind, VisitTopic> = {
  packaging: 'packaging',
  digital_marketing: 'digital_marketing',
};

const pad = (value: number) => String(value).padStart(2, '0');

/** A moment as a datetime-local input shows it (local time, minutes). */
export function localDateTimeInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The local calendar date of a moment, `YYYY-MM-DD`. */
export function localDateInput(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const rupiahFormat = new Intl.NumberFormat('id-ID');

export const EMPTY_ITEM: ChecklistItemValues = {
  done: false,
  evidenceKind: '',
  evidenceValue: '',
  evidencePhotoId: '',
  note: '',
};

export function itemValuesFrom(state: ChecklistItemState | undefined): ChecklistItemValues {
  if (!state) return { ...EMPTY_ITEM };
  const evidence = state.evidence;
  return {
    done: state.done,
    evidenceKind: evidence?.kind ?? '',
    evidenceValue: evidence && evidence.kind !== 'photo' ? evidence.value : '',
    evidencePhotoId: evidence?.kind === 'photo' ? evidence.photoId : '',
    note: state.note ?? '',
  };
}

/** Checklist form values for a business: every applicable item, filled from the given states. */
export function checklistValuesFrom(states: readonly ChecklistInput[], isFood: boolean): ChecklistValues {
  const values = { packaging: {}, digital_marketing: {} } as ChecklistValues;
  for (const kind of CHECKLIST_KINDS) {
    const state = states.find((s) => s.kind === kind);
    for (const item of itemsFor(currentTemplate(kind), isFood)) {
      values[kind][item.id] = itemValuesFrom(state?.items[item.id]);
    }
  }
  return values;
}

const trimmedOrNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** A link typed without its scheme ("shopee.co.id/kuerenyah") is completed with https://. */
export function completeLink(value: string): string {
  const trimmed = value.trim();
  if (trimmed === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed;
  return /^[^\s/]+\.[^\s]+$/.test(trimmed) ? `https://${trimmed}` : trimmed;
}

/** Form item values → the shared item state (half-filled evidence kept so the schema can say what is missing). */
export function itemStateFrom(values: ChecklistItemValues): ChecklistItemState {
  let evidence: ChecklistItemState['evidence'] = null;
  if (values.evidenceKind === 'link') evidence = { kind: 'link', value: completeLink(values.evidenceValue) };
  else if (values.evidenceKind === 'handle')
    evidence = { kind: 'handle', value: values.evidenceValue.trim() };
  else if (values.evidenceKind === 'photo') evidence = { kind: 'photo', photoId: values.evidencePhotoId };
  return { done: values.done, evidence, note: trimmedOrNull(values.note) };
}

/** The checklists of the form as ChecklistInputs (all kinds; the caller picks which to record). */
export function checklistInputsFrom(values: ChecklistValues): ChecklistInput[] {
  return CHECKLIST_KINDS.map((kind) => ({
    kind,
    templateVersion: currentTemplate(kind).version,
    items: Object.fromEntries(
      Object.entries(values[kind] ?? {}).map(([id, item]) => [id, itemStateFrom(item)]),
    ),
  }));
}

/** `who` as it is saved: the fixed label for the owner and the coach, the typed name for another party. */
export function whoFor(assignee: FollowUpAssignee | '', typed: string): string {
  return assignee === 'other' || assignee === '' ? typed : WHO_OF_ASSIGNEE[assignee];
}

/** The follow-up rows as a draft keeps them: as typed (the typed `who` of "Pihak lain" included). */
export function followUpInputsFrom(values: readonly FollowUpValues[]): FollowUpInput[] {
  return values.map((row) => ({
    id: row.followUpId,
    what: row.what,
    who: row.who,
    dueOn: row.dueOn === '' ? null : row.dueOn,
    // Kept as "not chosen yet" (null), so a reopened draft does not guess one from an empty `who`.
    assignee: row.assignee === '' ? null : row.assignee,
  }));
}

/**
 * Draft rows back into the inputs. A row from before `assignee` existed gets it from `who` ("Pemilik"
 * is the owner); the free-text box keeps `who` only for another party, where it names who.
 */
export function followUpValuesFrom(rows: readonly FollowUpInput[]): FollowUpValues[] {
  return rows.map((row) => {
    const notChosen = row.assignee === null || (row.assignee === undefined && row.who.trim() === '');
    const assignee = notChosen ? '' : assigneeOf(row);
    return {
      followUpId: row.id,
      what: row.what,
      assignee,
      who: assignee === 'other' ? row.who : '',
      dueOn: row.dueOn ?? '',
    };
  });
}

/** Stored fields back into what the inputs show (rupiah with Indonesian grouping, `1.500.000`). */
export function scalarValuesFromFields(fields: VisitFields): ScalarValues {
  return {
    businessId: fields.businessId,
    visitedAt: localDateTimeInput(new Date(fields.visitedAt)),
    kind: fields.kind,
    topics: [...fields.topics],
    notes: fields.notes,
    problems: fields.problems,
    advice: fields.advice,
    monthlySales: fields.monthlySales === null ? '' : rupiahFormat.format(fields.monthlySales),
    employees: fields.employees === null ? '' : String(fields.employees),
    location: fields.location,
    nextVisitOn: fields.nextVisitOn ?? '',
    sharedWithOwner: fields.sharedWithOwner,
    ownerSummary: fields.ownerSummary,
  };
}

/** The rupiah a money input currently reads as, for the live "Terbaca: Rp1.500.000". */
export function readRupiah(value: string): number | null {
  return value.trim() === '' ? null : parseRupiah(value);
}

/** A whole number, or the text itself so the schema reports it (never a silent NaN or null). */
const wholeNumber = (value: string): number | string | null => {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  return /^\d+$/.test(trimmed.replace(/\./g, '')) ? Number(trimmed.replace(/\./g, '')) : trimmed;
};

/** A datetime-local value as an ISO instant, or the text itself for the schema to reject. */
function instantFrom(value: string): string {
  if (value.trim() === '') return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

function toCandidate(values: VisitFormValues) {
  const checklists: Record<string, Record<string, ChecklistItemState>> = {};
  for (const kind of CHECKLIST_KINDS) {
    checklists[kind] = Object.fromEntries(
      Object.entries(values.checklists?.[kind] ?? {}).map(([id, item]) => [id, itemStateFrom(item)]),
    );
  }
  return {
    businessId: values.businessId || undefined,
    visitedAt: instantFrom(values.visitedAt),
    kind: values.kind,
    topics: values.topics ?? [],
    notes: values.notes,
    problems: values.problems,
    advice: values.advice,
    monthlySales:
      values.monthlySales.trim() === '' ? null : (readRupiah(values.monthlySales) ?? values.monthlySales),
    employees: wholeNumber(values.employees),
    location: values.location,
    nextVisitOn: values.nextVisitOn === '' ? null : values.nextVisitOn,
    sharedWithOwner: values.sharedWithOwner,
    // Only a shared visit has a summary: what the coach cannot see (the box is closed) is not saved.
    ownerSummary: values.sharedWithOwner ? values.ownerSummary : '',
    followUps: values.followUps.map((row) => ({
      followUpId: row.followUpId,
      what: row.what,
      assignee: row.assignee,
      who: whoFor(row.assignee, row.who.trim()),
      dueOn: row.dueOn === '' ? null : row.dueOn,
    })),
    checklists,
  };
}

const itemsSchema = z.record(z.string(), checklistItemStateSchema);

/**
 * A follow-up row. The assignee has no default here (the shared schema's 'coach' would hide a row the
 * coach forgot to assign). `who` is checked (as the shared schema would) only for another party: a
 * row with nothing chosen gets one message, by the select, not one for a box that is not on screen.
 */
const followUpRowSchema = z
  .object({
    followUpId: idSchema,
    what: followUpFieldsSchema.shape.what,
    assignee: followUpAssigneeSchema,
    who: z.string(),
    dueOn: followUpFieldsSchema.shape.dueOn,
  })
  .superRefine(
    (row, ctx) => {
      if (row.assignee !== 'other') return;
      const who = followUpFieldsSchema.shape.who.safeParse(row.who);
      for (const issue of who.error?.issues ?? []) {
        ctx.addIssue({ code: 'custom', path: ['who'], message: issue.message });
      }
    },
    // Also while `what` is still empty, so both messages show after one press of Simpan.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

/** Up to a few minutes ahead is a phone clock slightly off; more is a typo in the date. */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/** The shared visit fields the form edits, plus its follow-ups and checklists, with the form's own rules. */
export function visitCandidateSchema(now: () => Date) {
  return visitFieldsSchema
    .omit({ coachId: true, reviewState: true, reviewComment: true, coachReply: true })
    .extend({
      businessId: z.string({ message: 'visits.errors.business' }).pipe(idSchema),
      visitedAt: z
        .string()
        .min(1, { message: 'validation.required' })
        .pipe(visitFieldsSchema.shape.visitedAt),
      followUps: z.array(followUpRowSchema),
      checklists: z.object({ packaging: itemsSchema, digital_marketing: itemsSchema }),
    })
    .superRefine(
      (visit, ctx) => {
        // Runs even while other fields are still wrong (`when` below), so the coach sees every problem
        // in one go; hence the defensive reads: any part may still be malformed here.
        if (visit.sharedWithOwner === true && (visit.ownerSummary ?? '').trim() === '') {
          ctx.addIssue({ code: 'custom', path: ['ownerSummary'], message: 'visits.errors.ownerSummary' });
        }
        const visited = new Date(visit.visitedAt);
        if (!Number.isNaN(visited.getTime())) {
          if (visited.getTime() > now().getTime() + FUTURE_TOLERANCE_MS) {
            ctx.addIssue({ code: 'custom', path: ['visitedAt'], message: 'visits.errors.visitInFuture' });
          }
          const next = visit.nextVisitOn;
          if (typeof next === 'string' && next !== '' && next <= localDateInput(visited)) {
            ctx.addIssue({ code: 'custom', path: ['nextVisitOn'], message: 'visits.errors.nextBeforeVisit' });
          }
        }
        for (const kind of CHECKLIST_KINDS) {
          for (const [id, item] of Object.entries(visit.checklists?.[kind] ?? {})) {
            const evidence: unknown = item?.evidence;
            if (
              typeof evidence === 'object' &&
              evidence !== null &&
              'kind' in evidence &&
              evidence.kind === 'link' &&
              'value' in evidence &&
              typeof evidence.value === 'string' &&
              evidence.value !== '' &&
              !urlSchema.safeParse(evidence.value).success
            ) {
              ctx.addIssue({
                code: 'custom',
                path: ['checklists', kind, id, 'evidence', 'value'],
                message: 'validation.url',
              });
            }
          }
        }
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    );
}

/**
 * Form values in, validated candidate out. The candidate is typed `unknown` on purpose: it may still
 * hold unreadable text (a rupiah amount, a head count) for the schema to reject with a message.
 */
export function visitFormSchema(now: () => Date = () => new Date()) {
  return z
    .custom<VisitFormValues>()
    .transform((values): unknown => toCandidate(values))
    .pipe(visitCandidateSchema(now));
}
export type VisitFormOutput = z.output<ReturnType<typeof visitCandidateSchema>>;

/**
 * Messages for the issues the shared schema leaves generic (its own messages are catalogue keys and
 * win over this map). Always a catalogue key.
 */
export function visitIssueKey(issue: { code: string; path?: PropertyKey[]; input?: unknown }): string {
  const field = String(issue.path?.[0] ?? '');
  if (issue.input === '' || issue.input === undefined) return 'validation.required';
  if (field === 'employees') return 'visits.errors.employees';
  if (field === 'location') return 'visits.errors.location';
  if (issue.code === 'too_big') return 'validation.tooBig';
  if (issue.code === 'too_small') return 'validation.tooSmall';
  return 'validation.invalidValue';
}

/** The items of a template that apply, for rendering in template order. */
export function checklistItems(template: ChecklistTemplate, isFood: boolean) {
  return itemsFor(template, isFood);
}
