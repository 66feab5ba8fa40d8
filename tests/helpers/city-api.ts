/**
 * Helpers of the city-API tests (issue 6): tokens made the way a coordinator makes them, and rows
 * written the way the server's writers write them (each write takes the organisation's next
 * version, so the API's walk sees it as it would in production).
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '@/server/db/connect';
import { businesses, visits } from '@/server/db/schema';
import { takeNextVersion } from '@/server/sync/next-version';
import { apiTokenCreatedSchema, type ApiScope, type ApiTokenCreated } from '@/shared/domain/api-token';
import type { TestServer } from './server';

export const ALL_SCOPES: readonly ApiScope[] = ['businesses', 'visits', 'statistics'];

export async function makeApiToken(
  s: TestServer,
  coordinator: string,
  options: {
    name?: string;
    scopes?: readonly ApiScope[];
    personalData?: boolean;
    expiresAt?: string | null;
  } = {},
): Promise<ApiTokenCreated> {
  const res = await s.json('/api/tokens', {
    method: 'POST',
    token: coordinator,
    body: {
      name: options.name ?? `Sistem ${randomUUID().slice(0, 8)}`,
      scopes: options.scopes ?? ALL_SCOPES,
      personalData: options.personalData ?? false,
      expiresAt: options.expiresAt ?? null,
    },
  });
  if (res.status !== 201) throw new Error(`token: ${res.status} ${await res.text()}`);
  return apiTokenCreatedSchema.parse(await res.json());
}

/** Inserts `count` live businesses of the organisation, each with its own version. Returns their ids. */
export async function insertBusinesses(
  db: Db,
  organisationId: string,
  count: number,
  overrides: Partial<typeof businesses.$inferInsert> = {},
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    await db.transaction(async (tx) => {
      const version = (await takeNextVersion(tx, organisationId)) ?? 0;
      await tx.insert(businesses).values({
        id,
        organisationId,
        version,
        name: `Usaha ${i + 1}`,
        ownerName: 'Rahmah',
        ownerNik: '6371014507850001',
        phone: '+6281234567891',
        districtCode: '63.71.02',
        villageCode: '63.71.02.1002',
        sector: 'kuliner',
        kbli: { code: '56101', version: '2020' },
        licences: { nib: '9120301234567', pirt: null, halal: null, bpom: null, trademark: null },
        ...overrides,
      });
    });
    ids.push(id);
  }
  return ids;
}

/** Writes a business again (a new name, or a delete), with the next version and `updated_at` now. */
export async function touchBusiness(
  db: Db,
  organisationId: string,
  id: string,
  change: { name?: string; deleted?: boolean; at?: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const version = (await takeNextVersion(tx, organisationId)) ?? 0;
    await tx
      .update(businesses)
      .set({
        version,
        updatedAt: change.at ?? new Date(),
        ...(change.name ? { name: change.name } : {}),
        ...(change.deleted ? { deletedAt: change.at ?? new Date() } : {}),
      })
      .where(eq(businesses.id, id));
  });
}

export async function insertVisit(
  db: Db,
  input: {
    organisationId: string;
    businessId: string;
    coachId: string;
    visitedAt?: Date;
    reviewState?: 'draft' | 'submitted' | 'approved' | 'returned';
  },
): Promise<string> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const version = (await takeNextVersion(tx, input.organisationId)) ?? 0;
    await tx.insert(visits).values({
      id,
      organisationId: input.organisationId,
      version,
      businessId: input.businessId,
      coachId: input.coachId,
      visitedAt: input.visitedAt ?? new Date(),
      kind: 'follow_up',
      topics: ['packaging'],
      notes: 'Kemasan masih plastik polos.',
      problems: 'Belum punya P-IRT.',
      advice: 'Daftar SPP-IRT.',
      monthlySales: 12_000_000,
      reviewState: input.reviewState ?? 'submitted',
      reviewComment: 'Tolong lengkapi foto kemasan.',
      coachReply: 'Sudah saya tambahkan.',
    });
  });
  return id;
}

/** Sets an organisation's tombstone horizon (what the purge of deleted rows leaves behind). */
export async function setHorizon(db: Db, organisationId: string, horizon: number): Promise<void> {
  await db.execute(sql`UPDATE sync_state SET horizon = ${horizon} WHERE organisation_id = ${organisationId}`);
}
