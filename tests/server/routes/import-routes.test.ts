// The app first: city-api-routes.ts calls .openapi() on a shared schema, which needs @hono/zod-openapi loaded before it.
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, businesses, importChunks, importJobs, syncState } from '@/server/db/schema';
import { businessSchema } from '@/shared/domain/business';
import {
  IMPORT_NDJSON,
  importCommitLineSchema,
  importJobSchema,
  importPreviewSchema,
  type ImportJob,
  type ImportPreview,
} from '@/shared/domain/import';
import { PROTOCOL_VERSION } from '@/shared/sync/protocol';
import { csvText, FIXTURE_DIR } from '../../fixtures/import/make-fixtures';
import { device } from '../../helpers/sync-fixtures';

type ErrorBody = {
  error: { code: string; message: string; fields?: Array<{ path: string; message: string }> };
};
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURE_DIR, name)));
const csv = (rows: string[][]) => new TextEncoder().encode(csvText(rows, ','));

describe.each(BACKENDS)('import routes on %s', (backend) => {
  let s: TestServer;
  let coordinator: string;

  function upload(bytes: Uint8Array, name = 'data umkm.csv', token = coordinator, query = '') {
    return s.app.request(`/api/imports${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'x-file-name': encodeURIComponent(name),
      },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
  }
  async function uploaded(bytes: Uint8Array, name?: string): Promise<ImportJob> {
    const res = await upload(bytes, name);
    expect(res.status, await res.clone().text()).toBe(201);
    return importJobSchema.parse(await res.json());
  }
  async function preview(id: string, query = ''): Promise<ImportPreview> {
    const res = await s.json(`/api/imports/${id}/preview${query}`, { token: coordinator });
    expect(res.status, await res.clone().text()).toBe(200);
    return importPreviewSchema.parse(await res.json());
  }
  const decide = (id: string, body: unknown) =>
    s.json(`/api/imports/${id}/decisions`, { method: 'PUT', token: coordinator, body });
  const commit = (id: string) => s.json(`/api/imports/${id}/commit`, { method: 'POST', token: coordinator });
  const jobCount = async () =>
    (await s.database.db.select({ n: sql<number>`count(*)::int` }).from(importJobs))[0]?.n ?? 0;
  const businessesNamed = (name: string) =>
    s.database.db
      .select()
      .from(businesses)
      .where(and(eq(businesses.organisationId, s.fixture.orgA), eq(businesses.name, name)));

  beforeAll(async () => {
    s = await startTestServer(backend);
    coordinator = await s.login('koor-a');
  });
  afterAll(async () => {
    await s.dispose();
  });

  it('is for coordinators only', async () => {
    const coach = await s.login('coach-a');
    expect((await upload(fixture('umkm-utf8-bom.csv'), 'x.csv', coach)).status).toBe(403);
    expect((await s.app.request('/api/imports', { method: 'POST', body: 'x' })).status).toBe(401);
  });

  it('reads a Windows-1252 semicolon file and guesses the mapping from its headers', async () => {
    const job = await uploaded(fixture('umkm-1252-semicolon.csv'), 'Data UMKM 2024.csv');
    expect(job).toMatchObject({
      fileName: 'Data UMKM 2024.csv',
      format: 'csv',
      state: 'parsed',
      rowCount: 8,
      mappingSource: 'guessed',
      missingFields: [],
      detection: { encoding: 'windows-1252', delimiter: ';', headerRows: [4], totalsRows: [15] },
    });
    expect(job.columns[1]).toEqual({
      index: 1,
      label: 'Nama Usaha',
      samples: ['Kue “Nenek” Salmah', 'Amplang Berkah', 'Sasirangan Café'],
    });
    expect(job.mapping[3]).toBe('phone');
  });

  it('refuses bad files with a message that says what to do, storing nothing', async () => {
    const before = await jobCount();
    const cases: Array<[string, RegExp]> = [
      ['ragged.csv', /lebih banyak kolom/],
      ['no-header.csv', /judul kolom tidak ditemukan/],
      ['not-a-spreadsheet.csv', /bukan lembar kerja/],
    ];
    for (const [name, message] of cases) {
      const res = await upload(fixture(name), name);
      expect(res.status, name).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('invalid_input');
      expect(body.error.message, name).toMatch(message);
    }
    expect(await jobCount()).toBe(before);
  });

  it('answers 413 for a file over the limit', async () => {
    const res = await upload(new Uint8Array(21 * 1024 * 1024));
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('payload_too_large');
  });

  it('keeps another organisation’s import out of sight', async () => {
    const job = await uploaded(fixture('umkm-utf8-bom.csv'));
    const other = await s.login('koor-b');
    expect((await s.json(`/api/imports/${job.id}`, { token: other })).status).toBe(404);
    expect((await s.json(`/api/imports/${job.id}/preview`, { token: other })).status).toBe(404);
    expect((await s.json(`/api/imports/${job.id}/commit`, { method: 'POST', token: other })).status).toBe(
      404,
    );
  });

  it('previews every row with its problems and a likely duplicate of an existing business', async () => {
    const job = await uploaded(fixture('umkm-1252-semicolon.csv'));
    const all = await preview(job.id);
    expect(all.totals).toEqual({
      rows: 8,
      ready: 5,
      skipped: 0,
      blocked: 2,
      undecided: 1,
      withErrors: 2,
      withWarnings: 4,
      duplicates: 1,
    });
    const amplang = all.rows.find((row) => row.row === 6);
    // The fixture's two businesses share the phone; the one with the same name comes first.
    expect(amplang?.duplicates).toEqual([
      {
        kind: 'existing',
        businessId: s.fixture.businessOfCoachA,
        name: 'Amplang Berkah',
        reasons: ['phone', 'name'],
      },
      {
        kind: 'existing',
        businessId: s.fixture.businessOfOtherCoachA,
        name: 'Sasirangan Intan',
        reasons: ['phone'],
      },
    ]);
    expect(amplang?.outcome).toBe('undecided');
    const broken = all.rows.find((row) => row.row === 7);
    expect(broken?.values).toMatchObject({
      districtCode: 'Banjarmasin Selatan (63.71.01)',
      villageCode: 'Pekauman (63.71.01.1003)',
    });
    expect(broken?.problems.map((p) => p.code)).toEqual(['phoneScientific', 'regionTypo']);

    const only = await preview(job.id, '?problems=only&limit=2');
    expect(only.matching).toBe(7);
    expect(only.rows.map((row) => row.row)).toEqual([6, 7]);
    const next = await preview(job.id, '?problems=only&limit=2&offset=2');
    expect(next.rows.map((row) => row.row)).toEqual([8, 10]);
    expect((await s.json(`/api/imports/${job.id}/preview?limit=9999`, { token: coordinator })).status).toBe(
      400,
    );
  });

  it('refuses the commit while rows are blocked or undecided, and writes nothing', async () => {
    const job = await uploaded(fixture('umkm-1252-semicolon.csv'));
    const res = await commit(job.id);
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error.message).toMatch(
      /2 baris masih berisi kesalahan dan 1 kemungkinan/,
    );
    expect(await businessesNamed('Kue “Nenek” Salmah')).toEqual([]);
  });

  it('commits all decided rows in one version, as synced rows phones pull', async () => {
    const job = await uploaded(fixture('umkm-1252-semicolon.csv'));
    let res = await decide(job.id, { rows: [{ row: 6, decision: 'skip' }], skipErrors: true });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { totals: unknown }).totals).toMatchObject({
      ready: 5,
      skipped: 3,
      blocked: 0,
      undecided: 0,
    });
    const [{ version: before } = { version: 0 }] = await s.database.db
      .select({ version: syncState.version })
      .from(syncState)
      .where(eq(syncState.organisationId, s.fixture.orgA));

    res = await commit(job.id);
    expect(res.status, await res.clone().text()).toBe(200);
    const result = (await res.json()) as { created: number; skipped: number; version: number };
    expect(result).toEqual({ created: 5, skipped: 3, version: before + 1 });

    const [kue] = await businessesNamed('Kue “Nenek” Salmah');
    expect(kue).toMatchObject({
      version: before + 1,
      createdBy: s.fixture.coordinatorA,
      phone: '+6281251234501',
      villageCode: '63.71.01.1002',
      kbli: { code: '10792', version: '2020' },
      status: 'baru',
      isFood: true,
    });
    expect(Object.keys(kue?.clocks ?? {})).toEqual(['*']);
    // The row is a valid business as the phones' schema reads it.
    expect(
      businessSchema.safeParse({
        ...kue,
        createdAt: kue?.createdAt.toISOString(),
        updatedAt: kue?.updatedAt.toISOString(),
        deletedAt: null,
      }).success,
    ).toBe(true);
    expect(await businessesNamed('Amplang Berkah')).toHaveLength(1);

    const [entry] = await s.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import.commit'), eq(auditLog.entityId, job.id)));
    expect(entry?.detail).toEqual({ rows: 8, created: 5, skipped: 3, version: before + 1 });

    const after = importJobSchema.parse(
      await (await s.json(`/api/imports/${job.id}`, { token: coordinator })).json(),
    );
    expect(after).toMatchObject({ state: 'committed', result: { created: 5, skipped: 3 } });
    expect((await commit(job.id)).status).toBe(409);
    expect((await decide(job.id, { skipErrors: false })).status).toBe(409);
  });

  it('gives a mapped coach’s phone the new business through sync', async () => {
    const coach = await s.login('coach-a2');
    const job = await uploaded(
      csv([
        ['Nama Usaha', 'Nama Pemilik', 'Kelurahan', 'Pendamping'],
        ['Dodol Kandangan Sinta', 'Sinta', 'Melayu', 'coach-a2'],
      ]),
    );
    expect(job.mapping).toEqual(['name', 'ownerName', 'villageCode', 'coach']);
    expect((await commit(job.id)).status).toBe(200);
    const phone = device();
    const res = await s.json('/api/sync', {
      method: 'POST',
      token: coach,
      body: { schemaVersion: PROTOCOL_VERSION, clientId: phone.clientId, cursor: '0', mutations: [] },
    });
    expect(res.status).toBe(200);
    const pulled = (await res.json()) as {
      changes: { businesses: Array<{ name: string; assignedCoachId: string | null }> };
    };
    expect(pulled.changes.businesses.find((b) => b.name === 'Dodol Kandangan Sinta')).toMatchObject({
      assignedCoachId: s.fixture.otherCoachA,
    });
  });

  it('finds duplicates within the file itself, decided for all at once', async () => {
    const job = await uploaded(
      csv([
        ['Nama Usaha', 'Nama Pemilik', 'Kelurahan', 'No HP'],
        ['Pentol Bakar Mang Ujang', 'Ujang', 'Kuripan', '081299990001'],
        ['Pentol Bakar Mang Ujang', 'Ujang', 'Kuripan', '081299990001'],
      ]),
    );
    const first = await preview(job.id);
    expect(first.rows[1]?.duplicates).toEqual([
      { kind: 'file', row: 2, name: 'Pentol Bakar Mang Ujang', reasons: ['phone', 'name'] },
    ]);
    await decide(job.id, { duplicates: 'skip' });
    expect((await preview(job.id)).totals).toMatchObject({ ready: 1, skipped: 1, undecided: 0 });
  });

  it('validates the mapping and remembers it for the next file with the same headers', async () => {
    const rows = [
      ['Usaha', 'Pemilik', 'Desa', 'Catatan'],
      ['Kerupuk Haruan Acil', 'Acil', 'Mantuil', 'x'],
    ];
    const job = await uploaded(csv(rows));
    let res = await s.json(`/api/imports/${job.id}/mapping`, {
      method: 'PUT',
      token: coordinator,
      body: { mapping: ['name', 'name', 'villageCode', null] },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.fields?.[0]?.path).toBe('mapping');
    res = await s.json(`/api/imports/${job.id}/mapping`, {
      method: 'PUT',
      token: coordinator,
      body: { mapping: ['name', 'ownerName', 'villageCode', 'products'] },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(importJobSchema.parse(await res.json())).toMatchObject({
      mappingSource: 'confirmed',
      missingFields: [],
    });
    const again = await uploaded(csv(rows));
    expect(again).toMatchObject({
      mappingSource: 'remembered',
      mapping: ['name', 'ownerName', 'villageCode', 'products'],
    });
  });

  it('refuses to commit while a required field is not mapped', async () => {
    const job = await uploaded(
      csv([
        ['Nama Usaha', 'Nama Pemilik', 'Alamat'],
        ['Kue', 'Sari', 'Jl. A'],
      ]),
    );
    expect(job.missingFields).toEqual(['villageCode']);
    const res = await commit(job.id);
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.fields?.[0]?.path).toBe('mapping');
  });

  it('streams the commit’s progress as JSON lines when asked', async () => {
    const rows = [['Nama Usaha', 'Nama Pemilik', 'Kelurahan']];
    for (let i = 0; i < 1_200; i += 1) rows.push([`Usaha Streaming ${i}`, `Pemilik ${i}`, 'Pasar Lama']);
    const job = await uploaded(csv(rows));
    await decide(job.id, { duplicates: 'import' });
    const res = await s.app.request(`/api/imports/${job.id}/commit`, {
      method: 'POST',
      headers: { authorization: `Bearer ${coordinator}`, accept: IMPORT_NDJSON },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(IMPORT_NDJSON);
    const lines = (await res.text())
      .trim()
      .split('\n')
      .map((line) => importCommitLineSchema.parse(JSON.parse(line)));
    expect(lines[0]).toEqual({ phase: 'checking', done: 0, total: 1_200 });
    expect(
      lines
        .filter((line) => 'phase' in line && line.phase === 'writing')
        .map((line) => ('done' in line ? line.done : -1)),
    ).toEqual([0, 500, 1_000, 1_200]);
    expect(lines.at(-1)).toMatchObject({ result: { created: 1_200, skipped: 0 } });
  });

  it('gives a report of every row, before and after the commit, and audits it', async () => {
    const job = await uploaded(fixture('umkm-utf8-bom.csv'));
    let res = await s.json(`/api/imports/${job.id}/report?format=csv`, { token: coordinator });
    expect(res.status).toBe(200);
    let text = await res.text();
    expect(text).toContain('Baris,Hasil,ID usaha,Nama usaha,Kesalahan,Peringatan,Kemungkinan ganda');
    expect(text).toContain('Tertahan (ada kesalahan)');
    await decide(job.id, { skipErrors: true });
    expect((await commit(job.id)).status).toBe(200);
    res = await s.json(`/api/imports/${job.id}/report?format=csv`, {
      token: coordinator,
      headers: { 'accept-language': 'en' },
    });
    text = await res.text();
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="laporan-impor-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(12);
    expect(text).toMatch(
      /3,Created,[0-9a-f-]{36},Bengkel Las Jaya,,The NIB|3,Created,[0-9a-f-]{36},Bengkel Las Jaya,,Other numbers/,
    );
    expect(text).toContain('4,Skipped,,Ragam Kriya,This row has values outside the header columns');
    res = await s.json(`/api/imports/${job.id}/report?format=xlsx`, { token: coordinator });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const audits = await s.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'import.report'), eq(auditLog.entityId, job.id)));
    expect(audits).toHaveLength(3);
  });

  it('discards an import and its rows', async () => {
    const job = await uploaded(fixture('umkm-utf8-bom.csv'));
    expect((await s.json(`/api/imports/${job.id}`, { method: 'DELETE', token: coordinator })).status).toBe(
      204,
    );
    expect((await s.json(`/api/imports/${job.id}/preview`, { token: coordinator })).status).toBe(409);
    expect(await s.database.db.select().from(importChunks).where(eq(importChunks.importId, job.id))).toEqual(
      [],
    );
    expect((await commit(job.id)).status).toBe(409);
  });
});
