/**
 * What a business owner writes on their own phone (issue 6): ticking an action of their action plan
 * done, and asking the coach to correct a profile field. Everything else the owner sees is read-only.
 *
 * Why it is shaped this way:
 * - Both writes go through `writeWithOutbox` (row and mutation in one transaction, sync.md), so a
 *   request the owner saw "tersimpan" reaches the coach at the next sync, even if made offline.
 * - An owner's phone holds one business (`user.businessId`); a follow-up of another business, or one
 *   assigned to the coach or another office, is refused here as it is refused by the server: the
 *   phone never queues a mutation the server will reject.
 * - Ticking queues only `doneAt`, so the owner never overwrites what the coach wrote about the action.
 * - A correction request is a follow-up row assigned to the coach (`assignee: 'coach'`, `correction`
 *   set), so it appears in the coach's lists like any other task; `what` is a readable Indonesian
 *   sentence because exports and older coach phones show only `what`. The proposed value is checked
 *   against the field's own rule (a 13-digit NIB, a valid phone), so the coach can accept it as is.
 * - Sending the same request twice (a double tap, a retry) does not queue a second task.
 */
import type { ZodType } from 'zod';
import { businessFieldsSchema, licencesSchema, type Business } from '@/shared/domain/business';
import type { ChecklistState } from '@/shared/domain/checklist-state';
import { followUpSchema, type FollowUp } from '@/shared/domain/follow-up';
import { correctionSchema, type CorrectableField, type Correction } from '@/shared/domain/owner';
import type { SessionUser } from '@/shared/domain/user';
import { idCore } from '@/shared/i18n/core-id';
import { lookup } from '@/shared/i18n/lookup';
import type { Visit } from '@/shared/domain/visit';
import type { LocalDb } from './local-db';
import { writeWithOutbox } from './outbox';
import { uuidv7 } from './uuid';
import { visitsOfBusiness } from './visit-queries';

/** Who is writing: the signed-in owner as the session keeps them. */
export type OwnerWriter = Pick<SessionUser, 'id' | 'role' | 'organisationId' | 'businessId'>;

export type OwnerActionProblem =
  /** The session is not an owner's, or the owner has no business. */
  | 'notOwner'
  /** The row is not on this phone, was deleted, or belongs to another business. */
  | 'notFound'
  /** The action is the coach's or another office's to do. */
  | 'notAssigned'
  /** The proposed correction does not pass its field's rule (`issues` say why). */
  | 'invalid';

export class OwnerActionError extends Error {
  constructor(
    readonly problem: OwnerActionProblem,
    readonly issues: ReadonlyArray<{ path: string; message: string }> = [],
  ) {
    super(`Owner action refused (${problem})${issues.map((issue) => ` ${issue.path}: ${issue.message}`).join(';')}`);
    this.name = 'OwnerActionError';
  }
}

/** Every field of a follow-up row, queued when a request is created. */
const FOLLOW_UP_FIELDS = [
  'businessId',
  'visitId',
  'what',
  'who',
  'dueOn',
  'doneAt',
  'assignee',
  'correction',
  'resolution',
  'resolutionNote',
] as const satisfies ReadonlyArray<keyof FollowUp>;

/** `who` of a correction request, as the coach's lists show it. */
export const CORRECTION_REQUEST_WHO = 'Pemilik (permintaan koreksi)';

/** The field's name inside the task sentence (always Indonesian: it is stored data, not a label). */
export const CORRECTION_FIELD_NAMES_ID: Record<CorrectableField, string> = {
  name: 'nama usaha',
  brand: 'merek',
  ownerName: 'nama pemilik',
  phone: 'nomor telepon',
  address: 'alamat',
  products: 'produk',
  yearStarted: 'tahun mulai usaha',
  employees: 'jumlah tenaga kerja',
  'licences.nib': 'NIB',
  'licences.pirt': 'nomor P-IRT',
  'licences.halal': 'nomor sertifikat halal',
  'licences.bpom': 'nomor izin edar BPOM',
  'licences.trademark': 'merek terdaftar',
};

const WHAT_MAX = 500;

/** "Koreksi nomor telepon: 0812-3456-789", shortened to what a follow-up's `what` holds. */
export function correctionSentence(correction: Pick<Correction, 'field' | 'value'>): string {
  const value = correction.value.trim() === '' ? '(dikosongkan)' : correction.value.trim();
  const sentence = `Koreksi ${CORRECTION_FIELD_NAMES_ID[correction.field]}: ${value}`;
  return sentence.length <= WHAT_MAX ? sentence : `${sentence.slice(0, WHAT_MAX - 1)}…`;
}

/** Fields that must keep a value: asking to empty them makes no sense. */
const REQUIRED_FIELDS: ReadonlySet<CorrectableField> = new Set(['name', 'ownerName']);
const NUMBER_FIELDS: ReadonlySet<CorrectableField> = new Set(['yearStarted', 'employees']);

function fieldSchema(field: CorrectableField): ZodType {
  if (field.startsWith('licences.')) {
    const key = field.slice('licences.'.length) as keyof typeof licencesSchema.shape;
    return licencesSchema.shape[key];
  }
  return businessFieldsSchema.shape[field as Exclude<CorrectableField, `licences.${string}`>];
}

/**
 * Why a proposed value does not fit the field (a `validation.*` catalogue key), or null when it
 * does. An empty value asks for the field to be emptied, allowed except for the names.
 */
export function correctionValueProblem(field: CorrectableField, value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return REQUIRED_FIELDS.has(field) ? 'validation.required' : null;
  let candidate: unknown = trimmed;
  if (NUMBER_FIELDS.has(field)) {
    const digits = trimmed.replace(/[.\s]/g, '');
    if (!/^\d+$/.test(digits)) return 'validation.invalidValue';
    candidate = Number(digits);
  }
  const result = fieldSchema(field).safeParse(candidate);
  if (result.success) return null;
  const issue = result.error.issues[0];
  if (!issue) return 'validation.invalidValue';
  // Shared schemas name their messages by the shared texts' keys (`validation.…`).
  if (lookup(idCore, issue.message) !== undefined) return issue.message;
  // zod's own bounds (a year before 1900, a negative count) carry no catalogue key.
  if (issue.code === 'too_big') return issue.origin === 'string' ? 'validation.tooLong' : 'validation.tooBig';
  if (issue.code === 'too_small') return issue.origin === 'string' ? 'validation.required' : 'validation.tooSmall';
  return 'validation.invalidValue';
}

function ownBusinessId(user: OwnerWriter): string {
  if (user.role !== 'owner' || !user.businessId) throw new OwnerActionError('notOwner');
  return user.businessId;
}

/**
 * Ticks (or unticks) an action of the owner's plan. Only `doneAt` is queued. Ticking an action that
 * is already in that state changes nothing and queues nothing.
 */
export async function markFollowUpDone(
  db: LocalDb,
  user: OwnerWriter,
  followUpId: string,
  done: boolean,
  now: number = Date.now(),
): Promise<FollowUp> {
  const businessId = ownBusinessId(user);
  return db.transaction('rw', db.followUps, db.outbox, db.meta, async () => {
    const current = await db.followUps.get(followUpId);
    if (!current || current.deletedAt || current.businessId !== businessId) {
      throw new OwnerActionError('notFound');
    }
    if (current.assignee !== 'owner' || current.correction !== null) {
      throw new OwnerActionError('notAssigned');
    }
    if ((current.doneAt !== null) === done) return current;
    const stamp = new Date(now).toISOString();
    const next: FollowUp = { ...current, doneAt: done ? stamp : null, updatedAt: stamp };
    await writeWithOutbox(db, 'followUps', next, ['doneAt'], { now });
    return next;
  });
}

/**
 * Asks the coach to correct one profile field: a new follow-up assigned to the coach, carrying the
 * request. An identical request still waiting for the coach is returned instead of a second one.
 */
export async function requestCorrection(
  db: LocalDb,
  user: OwnerWriter,
  input: { field: CorrectableField; value: string; reason?: string },
  now: number = Date.now(),
): Promise<FollowUp> {
  const businessId = ownBusinessId(user);
  const parsed = correctionSchema.safeParse({ ...input, reason: input.reason ?? '' });
  if (!parsed.success) {
    throw new OwnerActionError(
      'invalid',
      parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })),
    );
  }
  const correction = parsed.data;
  const problem = correctionValueProblem(correction.field, correction.value);
  if (problem) throw new OwnerActionError('invalid', [{ path: 'value', message: problem }]);

  return db.transaction('rw', [db.businesses, db.followUps, db.outbox, db.meta], async () => {
    const business = await db.businesses.get(businessId);
    if (!business || business.deletedAt) throw new OwnerActionError('notFound');
    const existing = await db.followUps.where('businessId').equals(businessId).toArray();
    const same = existing.find(
      (row) =>
        !row.deletedAt &&
        row.resolution === null &&
        row.correction !== null &&
        row.correction.field === correction.field &&
        row.correction.value === correction.value &&
        row.correction.reason === correction.reason,
    );
    if (same) return same;

    const stamp = new Date(now).toISOString();
    const row = followUpSchema.parse({
      businessId,
      visitId: null,
      what: correctionSentence(correction),
      who: CORRECTION_REQUEST_WHO,
      dueOn: null,
      doneAt: null,
      assignee: 'coach',
      correction,
      resolution: null,
      resolutionNote: null,
      id: uuidv7(now),
      organisationId: user.organisationId,
      clocks: {},
      deletedAt: null,
      createdAt: stamp,
      updatedAt: stamp,
    });
    await writeWithOutbox(db, 'followUps', row, FOLLOW_UP_FIELDS, { now, op: 'upsert' });
    return row;
  });
}

/** The state of a request as the owner reads it. */
export type CorrectionState = 'pending' | 'accepted' | 'declined';

export function correctionState(row: Pick<FollowUp, 'resolution'>): CorrectionState {
  return row.resolution ?? 'pending';
}

/** Everything the owner's pages show, read in one transaction (one consistent snapshot). */
export type OwnerView = {
  business: Business;
  /** Every live visit, oldest first: they date the checklist states (progress.ts). */
  visits: Visit[];
  /** The visits the coach shared with the owner, newest first. */
  sharedVisits: Visit[];
  checklistStates: ChecklistState[];
  /** The action plan: live follow-ups that are not correction requests, by due date (undated last). */
  actions: FollowUp[];
  /** The owner's correction requests, newest first. */
  corrections: FollowUp[];
};

function byDueDate(a: FollowUp, b: FollowUp): number {
  if (a.dueOn !== b.dueOn) {
    if (a.dueOn === null) return 1;
    if (b.dueOn === null) return -1;
    return a.dueOn < b.dueOn ? -1 : 1;
  }
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}

/**
 * The owner's business and what they may see of it, or null when it is not (yet) on this phone.
 * Visits not shared with the owner stay out of `sharedVisits`; they are kept in `visits` only to date
 * the checklists ticked at them (the server sends them with their notes blanked).
 */
export async function loadOwnerView(db: LocalDb, businessId: string | null): Promise<OwnerView | null> {
  if (!businessId) return null;
  return db.transaction('r', [db.businesses, db.visits, db.checklistStates, db.followUps], async () => {
    const business = await db.businesses.get(businessId);
    if (!business || business.deletedAt) return null;
    const [visitRows, stateRows, followUpRows] = await Promise.all([
      visitsOfBusiness(db, businessId).toArray(),
      db.checklistStates.where('businessId').equals(businessId).toArray(),
      db.followUps.where('businessId').equals(businessId).toArray(),
    ]);
    const visits = visitRows.filter((visit) => !visit.deletedAt);
    const live = followUpRows.filter((row) => !row.deletedAt);
    return {
      business,
      visits,
      sharedVisits: visits.filter((visit) => visit.sharedWithOwner).reverse(),
      checklistStates: stateRows.filter((state) => !state.deletedAt),
      actions: live.filter((row) => row.correction === null).sort(byDueDate),
      corrections: live
        .filter((row) => row.correction !== null)
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1)),
    };
  });
}
