import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BUSINESS_FIELD_NAMES,
  businessDraftId,
  createBusiness,
  deleteBusinessDraft,
  fieldsOf,
  findLikelyDuplicates,
  loadBusinessDraft,
  saveBusinessDraft,
  SIMILAR_NAME_THRESHOLD,
  updateBusiness,
  type BusinessFields,
  type BusinessWriter,
} from '@/client/data/business-repository';
import { LocalDb } from '@/client/data/local-db';
import { writeWithOutbox } from '@/client/data/outbox';
import { uuidv7 } from '@/client/data/uuid';
import { businessFieldsSchema, businessSchema } from '@/shared/domain/business';
import { mutationSchema } from '@/shared/sync/protocol';
import { nameSimilarity } from '@/shared/text/fuzzy';
import { makeBusiness, TEST_COACH_ID, TEST_ORGANISATION_ID } from '../../helpers/factories';

let db: LocalDb;
const coach: BusinessWriter = { id: TEST_COACH_ID, role: 'coach', organisationId: TEST_ORGANISATION_ID };

beforeEach(async () => {
  db = new LocalDb(`binaan-business-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await db.delete();
});

function makeFields(overrides: Partial<BusinessFields> = {}): BusinessFields {
  return {
    ...businessFieldsSchema.parse({
      name: 'Amplang Haji Anang',
      ownerName: 'Anang Basri',
      districtCode: '63.71.01',
      villageCode: '63.71.01.1002',
      sector: 'makanan_olahan',
      isFood: true,
      capital: 15_000_000,
      annualSales: 240_000_000,
      licences: { nib: '1234567890123' },
      links: [{ kind: 'instagram', value: '@amplanganang' }],
    }),
    ...overrides,
  };
}

/** Saves a stored business the way a pull would: no outbox entry. */
async function storeBusiness(overrides: Parameters<typeof makeBusiness>[0] = {}) {
  const business = makeBusiness(overrides);
  await db.businesses.put(business);
  return business;
}

describe('createBusiness', () => {
  it('stores a schema-valid row and exactly one outbox entry carrying every field', async () => {
    const now = new Date('2026-04-01T03:00:00.000Z');
    const business = await createBusiness(db, coach, makeFields(), { now });

    const stored = await db.businesses.get(business.id);
    expect(businessSchema.parse(stored)).toMatchObject({
      name: 'Amplang Haji Anang',
      organisationId: TEST_ORGANISATION_ID,
      assignedCoachId: TEST_COACH_ID,
      createdBy: TEST_COACH_ID,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      sizeClass: 'mikro',
      deletedAt: null,
    });
    // UUIDv7: version nibble 7, timestamp of creation in the first 48 bits.
    expect(business.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(business.id.replace(/-/g, '').slice(0, 12), 16)).toBe(now.getTime());

    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    const mutation = mutationSchema.parse(outbox[0]);
    expect(mutation).toMatchObject({ table: 'businesses', rowId: business.id, op: 'upsert' });
    expect(Object.keys(mutation.fields).sort()).toEqual([...BUSINESS_FIELD_NAMES, 'createdBy'].sort());
    expect(mutation.fields.licences).toEqual(stored?.licences);
  });

  it('computes the size class from the figures, whatever the fields say', async () => {
    const business = await createBusiness(
      db,
      coach,
      makeFields({ capital: 2_000_000_000, annualSales: null, sizeClass: 'mikro' }),
    );
    expect((await db.businesses.get(business.id))?.sizeClass).toBe('kecil');
  });

  it('deletes the form draft in the same transaction', async () => {
    await saveBusinessDraft(db, null, { name: 'Amplang' }, null);
    await createBusiness(db, coach, makeFields(), { discardDraft: businessDraftId(null) });
    expect(await loadBusinessDraft(db, null)).toBeNull();
  });

  it('leaves neither row, outbox entry nor deleted draft when the outbox write fails', async () => {
    await saveBusinessDraft(db, null, { name: 'Amplang' }, null);
    vi.spyOn(db.outbox, 'add').mockImplementation(() => {
      throw new Error('disk gone');
    });
    await expect(
      createBusiness(db, coach, makeFields(), { discardDraft: businessDraftId(null) }),
    ).rejects.toThrow('disk gone');
    vi.restoreAllMocks();

    expect(await db.businesses.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    expect(await loadBusinessDraft(db, null)).not.toBeNull();
    // The mutation number was given back: the next write is still number 1.
    const next = await createBusiness(db, coach, makeFields());
    expect((await db.outbox.toArray()).map((entry) => [entry.rowId, entry.mutationId])).toEqual([[next.id, 1]]);
  });
});

describe('updateBusiness', () => {
  it('queues only the one field that changed', async () => {
    const stored = await storeBusiness();
    const fields = { ...fieldsOf(stored), phone: '+6281234567890' };
    const now = new Date('2026-05-02T01:00:00.000Z');

    const result = await updateBusiness(db, coach, stored.id, fields, { now });

    expect(result.changed).toEqual(['phone']);
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.fields).toEqual({ phone: '+6281234567890' });
    expect(Object.keys(outbox[0]?.clocks ?? {})).toEqual(['phone']);
    const after = await db.businesses.get(stored.id);
    expect(after).toMatchObject({ phone: '+6281234567890', updatedAt: now.toISOString(), name: stored.name });
  });

  it('compares licences, links, location and KBLI by value, not by object identity', async () => {
    const stored = await storeBusiness({
      licences: { nib: '1234567890123', pirt: null, halal: null, bpom: null, trademark: null },
      links: [{ kind: 'shopee', value: 'shopee.co.id/kuesiti' }],
      location: { lat: -3.3, lng: 114.59, accuracy: 8 },
      kbli: { code: '10792', version: '2020' },
    });
    const copy: BusinessFields = structuredClone(fieldsOf(stored));
    expect((await updateBusiness(db, coach, stored.id, copy)).changed).toEqual([]);
    expect(await db.outbox.count()).toBe(0);

    const withLink = {
      ...copy,
      links: [...copy.links, { kind: 'instagram' as const, value: '@kuesiti' }],
      licences: { ...copy.licences, halal: 'ID63110000123450124' },
    };
    const result = await updateBusiness(db, coach, stored.id, withLink);
    expect(result.changed).toEqual(['licences', 'links']);
    expect(Object.keys((await db.outbox.toArray())[0]?.fields ?? {})).toEqual(['licences', 'links']);
  });

  it('recomputes the size class and sends it with changed capital or sales', async () => {
    const stored = await storeBusiness({ capital: 10_000_000, sizeClass: 'mikro' });
    const result = await updateBusiness(db, coach, stored.id, {
      ...fieldsOf(stored),
      capital: 3_000_000_000,
    });
    expect(result.changed).toEqual(['capital', 'sizeClass']);
    expect((await db.outbox.toArray())[0]?.fields).toEqual({ capital: 3_000_000_000, sizeClass: 'kecil' });
    expect((await db.businesses.get(stored.id))?.sizeClass).toBe('kecil');
  });

  it('diffs against the baseline the form started from, so a pulled change made meanwhile survives', async () => {
    const stored = await storeBusiness({ status: 'baru', products: 'Kue bingka' });
    const baseline = fieldsOf(stored);
    // A pull changes the status while the coach edits the products.
    await db.businesses.put({ ...stored, status: 'berkembang' });

    await updateBusiness(db, coach, stored.id, { ...baseline, products: 'Kue bingka, amparan tatak' }, { baseline });

    const after = await db.businesses.get(stored.id);
    expect(after).toMatchObject({ status: 'berkembang', products: 'Kue bingka, amparan tatak' });
    expect(Object.keys((await db.outbox.toArray())[0]?.fields ?? {})).toEqual(['products']);
  });

  it('sends no base clock for a text a pull changed under the open form, so the server keeps what it replaces', async () => {
    const stored = await storeBusiness({ products: 'Kue bingka' });
    const baseline = fieldsOf(stored);
    // A pull brings the coordinator's products (with her clock) while the coach's form is open.
    const theirs = 'zzzzzzzzzzz-00000-coordinator';
    await db.businesses.put({ ...stored, products: 'Amparan tatak', clocks: { products: theirs } });

    await updateBusiness(db, coach, stored.id, { ...baseline, products: 'Kue bingka, wadai' }, { baseline });
    const [sent] = await db.outbox.toArray();
    expect(sent?.fields).toEqual({ products: 'Kue bingka, wadai' });
    expect(sent?.baseClocks).toEqual({});

    // Typed over what the form showed, the edit carries the clock of that value.
    const shown = fieldsOf((await db.businesses.get(stored.id))!);
    await updateBusiness(db, coach, stored.id, { ...shown, products: 'Kue bingka saja' }, { baseline: shown });
    const [, next] = await db.outbox.toArray();
    expect(next?.baseClocks?.products).toBe(sent?.clocks.products);
  });

  it('leaves the row as it was and no outbox entry when the outbox write fails', async () => {
    const stored = await storeBusiness();
    vi.spyOn(db.outbox, 'add').mockImplementation(() => {
      throw new Error('quota');
    });
    await expect(updateBusiness(db, coach, stored.id, { ...fieldsOf(stored), name: 'Baru' })).rejects.toThrow(
      'quota',
    );
    expect((await db.businesses.get(stored.id))?.name).toBe(stored.name);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a business that is not on the device', async () => {
    await expect(updateBusiness(db, coach, uuidv7(), makeFields())).rejects.toMatchObject({
      name: 'BusinessNotFoundError',
    });
  });
});

describe('findLikelyDuplicates', () => {
  it('finds the same NIB, NIK or phone anywhere in the city, with the reason', async () => {
    const byNib = await storeBusiness({
      name: 'Toko Lain',
      villageCode: '63.71.01.1003',
      licences: { nib: '1234567890123', pirt: null, halal: null, bpom: null, trademark: null },
    });
    const byNik = await storeBusiness({ name: 'Usaha Dua', ownerNik: '6371014506850003' });
    const byPhone = await storeBusiness({ name: 'Usaha Tiga', phone: '+6281234567890' });
    await storeBusiness({ name: 'Tidak Terkait', phone: '+6281111111111' });

    const found = await findLikelyDuplicates(
      db,
      makeFields({ ownerNik: '6371014506850003', phone: '+6281234567890', villageCode: '63.71.02.1001', districtCode: '63.71.02' }),
    );
    const reasons = Object.fromEntries(found.map((d) => [d.business.id, d.reasons]));
    expect(reasons).toEqual({ [byNib.id]: ['nib'], [byNik.id]: ['nik'], [byPhone.id]: ['phone'] });
  });

  it('finds a very similar name or the same owner only in the same kelurahan', async () => {
    const similar = await storeBusiness({ name: 'Amplang H. Anang', ownerName: 'Siti', villageCode: '63.71.01.1002' });
    const sameOwner = await storeBusiness({ name: 'Kerupuk Haruan', ownerName: 'H. Anang Basri', villageCode: '63.71.01.1002' });
    await storeBusiness({ name: 'Amplang Haji Anang', ownerName: 'Anang Basri', villageCode: '63.71.01.1003' });

    const found = await findLikelyDuplicates(db, makeFields({ licences: makeFields().licences, phone: null }));
    const reasons = Object.fromEntries(found.map((d) => [d.business.id, d.reasons]));
    expect(reasons).toEqual({ [similar.id]: ['name'], [sameOwner.id]: ['owner'] });
  });

  it('does not flag different products that share a name pattern (below the threshold)', async () => {
    expect(nameSimilarity('Keripik Tempe Sari', 'Keripik Pisang Sari')).toBeLessThan(SIMILAR_NAME_THRESHOLD);
    await storeBusiness({ name: 'Keripik Tempe Sari', ownerName: 'Sari', villageCode: '63.71.01.1002' });
    const found = await findLikelyDuplicates(
      db,
      makeFields({ name: 'Keripik Pisang Sari', licences: { ...makeFields().licences, nib: null } }),
    );
    expect(found).toEqual([]);
  });

  it('ignores the business being edited and deleted businesses, and ranks stronger matches first', async () => {
    const self = await storeBusiness({ name: 'Amplang Haji Anang', villageCode: '63.71.01.1002' });
    await storeBusiness({ name: 'Amplang Haji Anang', villageCode: '63.71.01.1002', deletedAt: '2026-02-01T00:00:00.000Z' });
    const weak = await storeBusiness({ name: 'Amplang Anang', ownerName: 'Lain', villageCode: '63.71.01.1002' });
    const strong = await storeBusiness({
      name: 'Amplang Haji Anang',
      ownerName: 'Anang Basri',
      villageCode: '63.71.01.1002',
      licences: { nib: '1234567890123', pirt: null, halal: null, bpom: null, trademark: null },
    });

    const found = await findLikelyDuplicates(db, makeFields(), self.id);
    expect(found.map((d) => d.business.id)).toEqual([strong.id, weak.id]);
    expect(found[0]?.reasons).toEqual(['nib', 'name', 'owner']);
  });
});

describe('business drafts', () => {
  it('keeps one draft for a new business and one per edited business', async () => {
    const id = uuidv7();
    const baseline = makeFields();
    await saveBusinessDraft(db, null, { name: 'Baru' }, null, new Date('2026-03-01T00:00:00.000Z'));
    await saveBusinessDraft(db, id, { name: 'Ubah' }, baseline);

    expect(await loadBusinessDraft(db, null)).toEqual({
      values: { name: 'Baru' },
      baseline: null,
      updatedAt: '2026-03-01T00:00:00.000Z',
    });
    expect((await loadBusinessDraft(db, id))?.baseline).toEqual(baseline);
    await deleteBusinessDraft(db, null);
    expect(await loadBusinessDraft(db, null)).toBeNull();
    expect(await loadBusinessDraft(db, id)).not.toBeNull();
  });

  it('a draft is not a synced write: no outbox entry', async () => {
    await saveBusinessDraft(db, null, { name: 'Baru' }, null);
    expect(await db.outbox.count()).toBe(0);
    // Sanity: the outbox is writable in this database.
    await writeWithOutbox(db, 'businesses', makeBusiness(), ['name']);
    expect(await db.outbox.count()).toBe(1);
  });
});
