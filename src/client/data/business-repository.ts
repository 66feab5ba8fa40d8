/**
 * Creating and editing business profiles on the phone, and the likely-duplicate check that runs
 * before a new one is saved.
 *
 * Why it is shaped this way:
 * - Every write goes through `writeWithOutbox`, so the row and its mutation land in one transaction
 *   (sync.md): a coach who saw "tersimpan" can trust that the server will hear of it.
 * - An edit queues only the fields the coach actually changed, compared with the profile as it was
 *   when the form opened (the `baseline`). Comparing with the row as it is *now* would resend every
 *   field a pull changed meanwhile with the coach's stale value and silently undo someone else's edit.
 * - The size class is never typed: it is recomputed from capital and sales whenever either changes
 *   and travels with them, so the server and exports can filter on it.
 * - Duplicates are looked up through the v2 indexes (`licences.nib`, `ownerNik`, `phone`,
 *   `villageCode`), so the check stays instant with 22,000 businesses on the device.
 */
import type { Business } from '@/shared/domain/business';
import type { businessFieldsSchema } from '@/shared/domain/business';
import type { SessionUser } from '@/shared/domain/user';
import { computeSizeClass } from '@/shared/domain/size-class';
import { nameSimilarity, nameWords } from '@/shared/text/fuzzy';
import type { z } from 'zod';
import type { LocalDb } from './local-db';
import { writeWithOutbox } from './outbox';
import { uuidv7 } from './uuid';

/** Everything a coach can edit on a profile (the parsed output of `businessFieldsSchema`). */
export type BusinessFields = z.output<typeof businessFieldsSchema>;
export type BusinessFieldName = keyof BusinessFields & string;

/** Who is writing: the signed-in user as the session keeps them. */
export type BusinessWriter = Pick<SessionUser, 'id' | 'role' | 'organisationId'>;

/**
 * The fields of a profile, in form order. Typed as a record over BusinessFields so adding a field to
 * the schema without listing it here fails the type check (a forgotten field would never sync).
 */
const FIELD_ORDER: Record<BusinessFieldName, number> = {
  name: 0,
  brand: 1,
  ownerName: 2,
  ownerNik: 3,
  phone: 4,
  address: 5,
  districtCode: 6,
  villageCode: 7,
  location: 8,
  sector: 9,
  isFood: 10,
  kbli: 11,
  products: 12,
  yearStarted: 13,
  employees: 14,
  capital: 15,
  annualSales: 16,
  sizeClass: 17,
  legalForm: 18,
  licences: 19,
  links: 20,
  cohort: 21,
  assignedCoachId: 22,
  status: 23,
};
export const BUSINESS_FIELD_NAMES = (Object.keys(FIELD_ORDER) as BusinessFieldName[]).sort(
  (a, b) => FIELD_ORDER[a] - FIELD_ORDER[b],
);

/** Structural equality of JSON-like values (field values are plain data: no dates, maps or classes). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // `undefined` and `null` both mean "not filled in" for an optional field.
    return (a ?? null) === (b ?? null);
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) if (!sameValue(left[key], right[key])) return false;
  return true;
}

/** The editable part of a stored row, e.g. the baseline an edit form starts from. */
export function fieldsOf(business: Business): BusinessFields {
  return Object.fromEntries(BUSINESS_FIELD_NAMES.map((name) => [name, business[name]])) as BusinessFields;
}

/** Fields whose values differ, in form order. */
export function changedFields(before: BusinessFields, after: BusinessFields): BusinessFieldName[] {
  return BUSINESS_FIELD_NAMES.filter((name) => !sameValue(before[name], after[name]));
}

/**
 * Saves a new profile and queues it. The id is a UUIDv7 made here (no server round trip), the
 * coach who creates it is its assigned coach unless the fields say otherwise.
 */
export type SaveOptions = {
  now?: Date;
  /** A form draft (`businessDraftId(...)`) to delete in the same transaction as the save. */
  discardDraft?: string;
};

/**
 * Saves a new profile and queues it. The id is a UUIDv7 made here (no server round trip), the
 * coach who creates it is its assigned coach unless the fields say otherwise. The form's draft goes
 * in the same transaction, so a reopened form never offers to save the same business twice.
 */
export async function createBusiness(
  db: LocalDb,
  user: BusinessWriter,
  fields: BusinessFields,
  options: SaveOptions = {},
): Promise<Business> {
  const now = options.now ?? new Date();
  const stamp = now.toISOString();
  const business: Business = {
    ...fields,
    assignedCoachId: fields.assignedCoachId ?? (user.role === 'coach' ? user.id : null),
    sizeClass: computeSizeClass(fields),
    id: uuidv7(now.getTime()),
    organisationId: user.organisationId,
    clocks: {},
    deletedAt: null,
    createdAt: stamp,
    updatedAt: stamp,
    createdBy: user.id,
    ownerInvite: null,
  };
  return db.transaction('rw', [db.businesses, db.outbox, db.meta, db.drafts], async () => {
    // A new row sends every field it has; id, organisation and creation time travel as the
    // mutation's rowId, the pusher's organisation and the mutation's createdAt.
    await writeWithOutbox(db, 'businesses', business, [...BUSINESS_FIELD_NAMES, 'createdBy'], {
      now: now.getTime(),
    });
    if (options.discardDraft) await db.drafts.delete(options.discardDraft);
    return business;
  });
}

export type UpdateResult = { business: Business; changed: BusinessFieldName[] };

export class BusinessNotFoundError extends Error {
  constructor(readonly businessId: string) {
    super(`Business ${businessId} is not on this device`);
    this.name = 'BusinessNotFoundError';
  }
}

/**
 * Saves an edited profile, queueing only the fields that changed (compared with `baseline`, the
 * profile as the form first showed it; without one, with the stored row). Returns `changed: []` and
 * writes nothing when nothing changed, so an idle "Simpan" does not fill the outbox.
 */
export async function updateBusiness(
  db: LocalDb,
  _user: BusinessWriter,
  id: string,
  fields: BusinessFields,
  options: SaveOptions & { baseline?: BusinessFields } = {},
): Promise<UpdateResult> {
  const now = options.now ?? new Date();
  return db.transaction('rw', [db.businesses, db.outbox, db.meta, db.drafts], async () => {
    const current = await db.businesses.get(id);
    if (!current || current.deletedAt) throw new BusinessNotFoundError(id);
    const baseline = options.baseline ?? fieldsOf(current);
    const changed: BusinessFieldName[] = changedFields(baseline, fields).filter(
      (name) => name !== 'sizeClass',
    );
    if (options.discardDraft) await db.drafts.delete(options.discardDraft);
    if (changed.length === 0) return { business: current, changed: [] };

    const edits = Object.fromEntries(changed.map((name) => [name, fields[name]])) as Partial<BusinessFields>;
    const next: Business = { ...current, ...edits, updatedAt: now.toISOString() };
    if (changed.includes('capital') || changed.includes('annualSales')) {
      next.sizeClass = computeSizeClass(next);
      changed.push('sizeClass');
    }
    // A field the form showed with another value than the stored one changed under the form (a
    // pull): the coach replaces a value they never saw, which the server keeps as a conflict text.
    const stored = fieldsOf(current);
    const unseen = changed.filter((name) => !sameValue(stored[name], baseline[name]));
    await writeWithOutbox(db, 'businesses', next, changed, { now: now.getTime(), unseen });
    return { business: next, changed };
  });
}

/**
 * A name in the same kelurahan at least this similar (trigram Dice over the name without filler
 * words like "Toko", "Bu", "UD") is flagged. Measured on real-looking pairs: typos, a dropped title
 * or an extra word score 0.70–1.00 ("Kue Renyah Bu Siti"/"Kue Renyah" 0.80, "Amplang Haji Anang"/
 * "Amplang H. Anang" 0.74, "Warung Makan Barokah"/"Barokah" 0.70), while different products with
 * the same pattern score 0.56–0.61 ("Keripik Tempe Sari"/"Keripik Pisang Sari" 0.59, "Sari Rasa"/
 * "Sari Roti" 0.56). A false alarm costs one tap; a missed duplicate costs a coordinator a merge.
 */
export const SIMILAR_NAME_THRESHOLD = 0.65;

export type DuplicateReason = 'nib' | 'nik' | 'phone' | 'name' | 'owner';
export type LikelyDuplicate = { business: Business; reasons: DuplicateReason[]; nameScore: number };

function sameOwnerName(a: string, b: string): boolean {
  const left = nameWords(a).join(' ');
  return left.length > 0 && left === nameWords(b).join(' ');
}

/**
 * Businesses on the device that are probably the one being entered: same NIB, NIK or phone anywhere
 * in the city, or, in the same kelurahan, a very similar name or the same owner. Strongest first.
 */
export async function findLikelyDuplicates(
  db: LocalDb,
  fields: Pick<
    BusinessFields,
    'name' | 'ownerName' | 'ownerNik' | 'phone' | 'villageCode' | 'licences'
  >,
  excludeId?: string,
): Promise<LikelyDuplicate[]> {
  const found = new Map<string, LikelyDuplicate>();
  const note = (business: Business, reason: DuplicateReason) => {
    if (business.id === excludeId || business.deletedAt) return;
    const entry = found.get(business.id) ?? {
      business,
      reasons: [],
      nameScore: nameSimilarity(fields.name, business.name),
    };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    found.set(business.id, entry);
  };

  const [byNib, byNik, byPhone, sameVillage] = await Promise.all([
    fields.licences.nib ? db.businesses.where('licences.nib').equals(fields.licences.nib).toArray() : [],
    fields.ownerNik ? db.businesses.where('ownerNik').equals(fields.ownerNik).toArray() : [],
    fields.phone ? db.businesses.where('phone').equals(fields.phone).toArray() : [],
    fields.villageCode ? db.businesses.where('villageCode').equals(fields.villageCode).toArray() : [],
  ]);
  for (const business of byNib) note(business, 'nib');
  for (const business of byNik) note(business, 'nik');
  for (const business of byPhone) note(business, 'phone');
  for (const business of sameVillage) {
    if (nameSimilarity(fields.name, business.name) >= SIMILAR_NAME_THRESHOLD) note(business, 'name');
    if (sameOwnerName(fields.ownerName, business.ownerName)) note(business, 'owner');
  }

  const order: DuplicateReason[] = ['nib', 'nik', 'phone', 'name', 'owner'];
  for (const entry of found.values()) entry.reasons.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  return [...found.values()].sort(
    (a, b) => b.reasons.length - a.reasons.length || b.nameScore - a.nameScore,
  );
}

/**
 * Drafts of the business form (`drafts` table, kind 'business'): what the coach typed, kept on every
 * pause so an app kill, a reload or an update never loses a half-typed profile. Not synced: a draft
 * is the coach's own scratch paper until "Simpan".
 */
export const BUSINESS_DRAFT_KIND = 'business';

/** One draft for "new business" and one per business being edited. */
export function businessDraftId(businessId: string | null): string {
  return businessId ? `business:${businessId}` : 'business:new';
}

export type BusinessDraft<Values> = {
  values: Values;
  /** For an edit: the profile as the form first showed it, so the saved diff stays the coach's own. */
  baseline: BusinessFields | null;
  updatedAt: string;
};

export async function saveBusinessDraft<Values>(
  db: LocalDb,
  businessId: string | null,
  values: Values,
  baseline: BusinessFields | null,
  now: Date = new Date(),
): Promise<void> {
  await db.drafts.put({
    id: businessDraftId(businessId),
    kind: BUSINESS_DRAFT_KIND,
    data: { values, baseline },
    updatedAt: now.toISOString(),
  });
}

/**
 * The stored draft, or null. The values are checked only for being an object: the form merges them
 * over its empty values, so a draft from an older version with fewer fields still restores.
 */
export async function loadBusinessDraft<Values>(
  db: LocalDb,
  businessId: string | null,
): Promise<BusinessDraft<Values> | null> {
  const row = await db.drafts.get(businessDraftId(businessId));
  if (!row || row.kind !== BUSINESS_DRAFT_KIND) return null;
  const data = row.data as { values?: unknown; baseline?: unknown } | null;
  if (!data || typeof data.values !== 'object' || data.values === null) return null;
  const baseline = typeof data.baseline === 'object' ? (data.baseline as BusinessFields | null) : null;
  return { values: data.values as Values, baseline, updatedAt: row.updatedAt };
}

export async function deleteBusinessDraft(db: LocalDb, businessId: string | null): Promise<void> {
  await db.drafts.delete(businessDraftId(businessId));
}
