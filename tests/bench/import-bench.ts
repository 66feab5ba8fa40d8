/**
 * The spreadsheet import's figures of `npm run bench` (issue 6), on the embedded database as
 * `npm start` keeps it (on disk), with the city-sized data set already there (22,000 businesses,
 * so the duplicate check has the real city to compare with):
 *
 * 1. Parse + preview: a generated 20,000-row XLSX like a register (a merged title, a two-row
 *    header, shared strings, phones as numbers, kecamatan typos, `[code] NAME` values, a totals
 *    row) is uploaded and the first page of the preview with its totals is read (every row
 *    normalised and checked against the city). Target ≤ 15 s. Beside it: reading the same file
 *    with the XLSX reader alone.
 * 2. Commit: every ready row becomes a business in one transaction. Target ≤ 30 s. Beside it: a
 *    plain multi-row INSERT of the same 20,000 rows (1,000 per statement), rolled back.
 *
 * The app is called in-process (app.request), so the figures are the server's own time. The body
 * limit is raised for the bench (see the report: the upload route needs its own limit in app.ts).
 * `npx tsx tests/bench/import-bench.ts` runs it alone.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '@/server/app';
import { openDatabase } from '@/server/db/connect';
import { businesses } from '@/server/db/schema';
import { readXlsx } from '@/server/import/xlsx-reader';
import { cityRegions } from '@/server/reference/regions';
import { importJobSchema, importPreviewSchema } from '@/shared/domain/import';
import { buildXlsx, excelDate, type XCell } from '../fixtures/import/make-fixtures';
import { seedServerDataset } from '../helpers/large-dataset-server';
import { seedFixture, testDeps } from '../helpers/server';
import { log, type Row } from './figures';

const ROWS = 20_000;
const PREVIEW_TARGET_MS = 15_000;
const COMMIT_TARGET_MS = 30_000;
const seconds = (value: number) => `${(value / 1000).toFixed(1)} s`;

const WORDS = [
  'Kue',
  'Amplang',
  'Keripik',
  'Sasirangan',
  'Kopi',
  'Dodol',
  'Kerupuk',
  'Roti',
  'Jamu',
  'Anyaman',
  'Bengkel',
  'Laundry',
  'Pentol',
  'Soto',
  'Madu',
];
const SYLLABLES = [
  'ba',
  'ri',
  'ka',
  'su',
  'ma',
  'ni',
  'to',
  'la',
  'sa',
  'nu',
  'wi',
  'du',
  'je',
  'ra',
  'ti',
  'go',
  'mu',
  'ha',
];
const SECTORS = ['Makanan Olahan', 'Kuliner', 'Fesyen', 'Kerajinan', 'Jasa', 'Perdagangan', 'Minuman'];
const KBLI = [10792, 10793, 56101, 14111, 47111, 11040, 96011];

/** A register of `rows` businesses in Banjarmasin, deterministic. */
export function registerXlsx(rows: number): Uint8Array {
  const city = cityRegions('63.71');
  if (!city) throw new Error('Banjarmasin is missing from the reference data');
  const places = city.districts.flatMap((d) => d.villages.map((v) => ({ district: d, village: v })));
  // mulberry32: 32-bit integer steps (a float LCG loses precision and falls into a short cycle).
  let seed = 20_241_231;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  // Names made of invented words, so rows are different businesses unless made alike on purpose.
  const word = () => {
    const text = `${pick(SYLLABLES)}${pick(SYLLABLES)}${pick(SYLLABLES)}`;
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const data: XCell[][] = [];
  let previous = pick(places);
  for (let i = 0; i < rows; i += 1) {
    const copy = i > 0 && i % 100 === 0;
    const place = copy ? previous : pick(places);
    previous = place;
    const typo = random() < 0.05;
    const district = typo ? place.district.name.replace(/a(?=[^a]*$)/, '') : place.district.name;
    data.push([
      i + 1,
      // One row in a hundred repeats the row above it (a register's copy-paste): a likely duplicate.
      copy ? String(data[i - 1]?.[1] ?? '') : `${pick(WORDS)} ${word()} ${word()}`,
      `Pemilik ${i + 1}`,
      `Jl. ${place.village.name} No. ${(i % 90) + 1}`,
      random() < 0.1 ? `[${place.district.code}] ${place.district.name.toUpperCase()}` : district,
      place.village.name,
      random() < 0.03 ? '8.12346E+11' : 81_200_000_000 + i,
      pick(SECTORS),
      pick(KBLI),
      { date: excelDate(2000 + (i % 24), (i % 12) + 1, (i % 27) + 1) },
      Math.round(random() * 500) * 1_000_000,
    ]);
  }
  return buildXlsx([
    {
      name: 'Data UMKM',
      rows: [
        ['DATA UMKM BINAAN KOTA BANJARMASIN'],
        [
          'No',
          'Nama Usaha',
          'Nama Pemilik',
          'Alamat',
          null,
          null,
          'No HP/WA',
          'Jenis Usaha',
          'KBLI',
          'Tanggal Berdiri',
          'Omzet per Tahun',
        ],
        [null, null, null, 'Jalan', 'Kecamatan', 'Kelurahan', null, null, null, null, null],
        ...data,
        ['JUMLAH', null, null, null, null, null, null, null, null, null, 1_000_000],
      ],
      merges: ['A1:K1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:F2', 'G2:G3', 'H2:H3', 'I2:I3', 'J2:J3', 'K2:K3'],
    },
  ]);
}

export async function measureImport(add: (row: Row) => void, rowCount = ROWS): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'binaan-bench-import-'));
  const database = await openDatabase({ dataDir });
  try {
    const fixture = await seedFixture(database);
    const seeded = await seedServerDataset(database, {
      organisationId: fixture.orgA,
      coachId: fixture.coachA,
      regionCode: '63.71',
      visits: 0,
    });
    log(`import: seeded ${seeded.businesses} businesses`);
    const bytes = registerXlsx(rowCount);
    log(`import: ${rowCount} rows, ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB XLSX`);
    const app = createApp(testDeps(database, { maxJsonBytes: 64 * 1024 * 1024 }));
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'koor-a', password: 'correct-horse-battery' }),
    });
    const { token } = (await login.json()) as { token: string };
    const auth = { authorization: `Bearer ${token}` };

    const readStarted = performance.now();
    const read = readXlsx(bytes);
    const readMs = performance.now() - readStarted;

    const started = performance.now();
    const uploaded = await app.request('/api/imports', {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/octet-stream', 'x-file-name': 'register.xlsx' },
      body: bytes as Uint8Array<ArrayBuffer>,
    });
    if (uploaded.status !== 201) throw new Error(`upload: ${uploaded.status} ${await uploaded.text()}`);
    const job = importJobSchema.parse(await uploaded.json());
    const uploadMs = performance.now() - started;
    const previewed = await app.request(`/api/imports/${job.id}/preview?problems=only&limit=50`, {
      headers: auth,
    });
    if (previewed.status !== 200) throw new Error(`preview: ${previewed.status} ${await previewed.text()}`);
    const preview = importPreviewSchema.parse(await previewed.json());
    const previewMs = performance.now() - started;
    log(
      `import: upload ${seconds(uploadMs)}, + preview ${seconds(previewMs)}; totals ${JSON.stringify(preview.totals)}`,
    );
    add({
      figure: `Import ${rowCount.toLocaleString('en-US')}-row XLSX: parse + preview (embedded)`,
      target: `≤ ${seconds(PREVIEW_TARGET_MS)}`,
      measured: seconds(previewMs),
      baseline: `${seconds(readMs)} XLSX reader alone`,
      pass: previewMs <= PREVIEW_TARGET_MS,
      raw: {
        rows: rowCount,
        bytes: bytes.byteLength,
        uploadMs,
        previewMs,
        readMs,
        readRows: read.rows.length,
        totals: preview.totals,
      },
    });

    await app.request(`/api/imports/${job.id}/decisions`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ skipErrors: true, duplicates: 'import' }),
    });
    const commitStarted = performance.now();
    const committed = await app.request(`/api/imports/${job.id}/commit`, { method: 'POST', headers: auth });
    if (committed.status !== 200) throw new Error(`commit: ${committed.status} ${await committed.text()}`);
    const result = (await committed.json()) as { created: number; skipped: number };
    const commitMs = performance.now() - commitStarted;

    // Baseline: the same number of rows as one plain bulk insert, rolled back.
    const rows = Array.from({ length: result.created }, (_, i) => ({
      id: randomUUID(),
      organisationId: fixture.orgA,
      version: 1,
      name: `Baseline ${i}`,
      ownerName: `Pemilik ${i}`,
      phone: `+62812${String(10_000_000 + i)}`,
      districtCode: '63.71.01',
      villageCode: '63.71.01.1001',
      sector: 'kuliner',
      licences: { nib: null, pirt: null, halal: null, bpom: null, trademark: null },
      clocks: { '*': 'x' },
    }));
    const rawStarted = performance.now();
    await database.db
      .transaction(async (tx) => {
        for (let start = 0; start < rows.length; start += 1_000)
          await tx.insert(businesses).values(rows.slice(start, start + 1_000));
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const rawMs = performance.now() - rawStarted;
    log(
      `import: commit ${seconds(commitMs)} (${result.created} created, ${result.skipped} skipped); plain INSERT ${seconds(rawMs)}`,
    );
    add({
      figure: `Import ${rowCount.toLocaleString('en-US')}-row XLSX: commit (embedded)`,
      target: `≤ ${seconds(COMMIT_TARGET_MS)}`,
      measured: seconds(commitMs),
      baseline: `${seconds(rawMs)} plain INSERT`,
      pass: commitMs <= COMMIT_TARGET_MS,
      raw: { commitMs, rawMs, ...result },
    });
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const rows: Row[] = [];
  const count = Number(process.env.IMPORT_BENCH_ROWS ?? ROWS);
  await measureImport((row) => rows.push(row), count);
  for (const row of rows) {
    process.stdout.write(
      `${row.figure}: ${row.measured} (target ${row.target}, baseline ${row.baseline}) ${row.pass ? 'pass' : 'FAIL'}\n`,
    );
  }
}
