import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteDraft,
  listVisitDrafts,
  loadVisitDraft,
  saveVisitDraft,
  VISIT_DRAFT_KIND,
} from '@/client/data/draft-repository';
import { LocalDb } from '@/client/data/local-db';
import { isArrayBuffer } from '@/client/data/photos';
import { uuidv7 } from '@/client/data/uuid';
import type { VisitDraftData, VisitPhotoInput } from '@/client/data/visit-types';

let db: LocalDb;

beforeEach(async () => {
  db = new LocalDb(`binaan-test-${uuidv7()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

function photo(bytes: number[]): VisitPhotoInput {
  return {
    id: uuidv7(),
    bytes: new Uint8Array(bytes).buffer,
    sha256: 'a'.repeat(64),
    mimeType: 'image/jpeg',
    width: 1600,
    height: 1200,
    byteSize: bytes.length,
    kind: 'packaging_before',
    caption: 'Kemasan lama',
    takenAt: '2026-03-10T02:31:00.000Z',
  };
}

function draft(overrides: Partial<VisitDraftData> = {}): VisitDraftData {
  return {
    businessId: uuidv7(),
    visitId: uuidv7(),
    values: { notes: 'Kemasan masih plastik bening', monthlySales: '1.500.' },
    followUps: [{ id: uuidv7(), what: 'Daftar NIB', who: 'Pemilik', dueOn: null }],
    checklists: [{ kind: 'packaging', templateVersion: 1, items: { label: { done: true, evidence: null, note: null } } }],
    photos: [photo([0xff, 0xd8, 0xff, 1, 2, 3])],
    updatedAt: '2026-03-10T02:35:00.000Z',
    ...overrides,
  };
}

describe('visit drafts', () => {
  it('round-trips a draft, photo bytes included', async () => {
    const data = draft();
    await saveVisitDraft(db, 'draft-1', data);

    const loaded = await loadVisitDraft(db, 'draft-1');
    expect(loaded).toEqual(data);
    const bytes = loaded?.photos[0]?.bytes;
    expect(isArrayBuffer(bytes)).toBe(true);
    expect(Array.from(new Uint8Array(bytes as ArrayBuffer))).toEqual([0xff, 0xd8, 0xff, 1, 2, 3]);
  });

  it('returns null for a missing draft or another kind of draft', async () => {
    expect(await loadVisitDraft(db, 'nope')).toBeNull();
    await db.drafts.put({ id: 'biz', kind: 'business', data: { name: 'x' }, updatedAt: '2026-03-10T00:00:00.000Z' });
    expect(await loadVisitDraft(db, 'biz')).toBeNull();
  });

  it('loads a draft of an older shape as far as it can instead of crashing', async () => {
    await db.drafts.put({
      id: 'old',
      kind: VISIT_DRAFT_KIND,
      data: {
        businessId: 42,
        values: 'not a record',
        followUps: [{ id: 'f1', what: 'Urus PIRT', who: 'Pemilik', dueOn: null }, 'junk', { what: 1 }],
        checklists: { packaging: true },
        photos: [{ id: 'p1', sha256: 'b'.repeat(64) }],
      },
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    const loaded = await loadVisitDraft(db, 'old');
    expect(loaded).toMatchObject({
      businessId: null,
      values: {},
      followUps: [{ id: 'f1', what: 'Urus PIRT' }],
      checklists: [],
      photos: [],
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(loaded?.visitId).toMatch(/^[0-9a-f-]{36}$/);

    await db.drafts.put({ id: 'broken', kind: VISIT_DRAFT_KIND, data: null, updatedAt: '2026-01-01T00:00:00.000Z' });
    expect(await loadVisitDraft(db, 'broken')).toBeNull();
  });

  it('lists visit drafts newest first and deletes one with its bytes', async () => {
    await saveVisitDraft(db, 'older', draft({ updatedAt: '2026-03-09T01:00:00.000Z' }));
    await saveVisitDraft(db, 'newest', draft({ updatedAt: '2026-03-11T01:00:00.000Z' }));
    await saveVisitDraft(db, 'middle', draft({ updatedAt: '2026-03-10T01:00:00.000Z' }));
    await db.drafts.put({ id: 'biz', kind: 'business', data: {}, updatedAt: '2026-03-12T00:00:00.000Z' });

    expect((await listVisitDrafts(db)).map((entry) => entry.id)).toEqual(['newest', 'middle', 'older']);

    await deleteDraft(db, 'middle');
    expect((await listVisitDrafts(db)).map((entry) => entry.id)).toEqual(['newest', 'older']);
    expect(await db.drafts.get('middle')).toBeUndefined();
  });
});
