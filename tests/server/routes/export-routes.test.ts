/**
 * The exports, read back cell by cell in both formats on both backends: what each dataset holds,
 * the screens' filters, NIK only when asked for by a role that may read it, another city's rows
 * never, coordinators only, bad filters answered with their field, an audit entry per export, and
 * a few thousand rows streamed in pieces.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, businesses, checklistStates, followUps, visits } from '@/server/db/schema';
import { digitalMarketingChecklistV1 } from '@/shared/checklists/digital-marketing';
import { packagingChecklistV1 } from '@/shared/checklists/packaging';
import { itemsFor } from '@/shared/checklists/checklist-template';
import { seedServerDataset } from '../../helpers/large-dataset-server';
import { BACKENDS, startTestServer, type TestServer } from '../../helpers/server';
import { padded, readCsv, readXlsx, serialOf, type SheetCell } from '../../helpers/xlsx-reader';

type ErrorBody = { error: { code: string; fields?: Array<{ path: string }> } };
type Cell = string | number | null;
/**
 * A cell as the test expects it: `date`/`datetime` wrap values that XLSX keeps as date cells;
 * `formula` wraps text a spreadsheet would run, which CSV writes after an apostrophe.
 */
type Expected = Cell | { date: string } | { datetime: string } | { formula: string };

const date = (value: string) => ({ date: value });
const datetime = (value: string) => ({ datetime: value });
const formula = (value: string) => ({ formula: value });

/** What an XLSX cell holds for an expected value (dates as Excel serial days). */
function xlsxCell(value: Expected): SheetCell {
  if (value !== null && typeof value === 'object') {
    if ('formula' in value) return value.formula;
    if ('date' in value) return serialOf(value.date);
    const [day = '', time = ''] = value.datetime.split(' ');
    return serialOf(day, time);
  }
  return value === '' ? null : value;
}

/** What a CSV field holds for an expected value. */
function csvCell(value: Expected): string {
  if (value === null) return '';
  if (typeof value === 'object') {
    if ('formula' in value) return `'${value.formula}`;
    return 'date' in value ? value.date : value.datetime;
  }
  return String(value);
}

// "Now" is 24 November 2026 at 01:00 in Banjarmasin (UTC+8), still the 23rd in UTC: file names
// carry the city's date.
const NOW = new Date('2026-11-23T17:00:00.000Z');

describe.each(BACKENDS)('export routes on %s', (backend) => {
  let s: TestServer;
  let coordinator: string;
  const ids = {
    lapis: randomUUID(),
    deleted: randomUUID(),
    visitAmplang: randomUUID(),
    visitSasirangan: randomUUID(),
    visitDraft: randomUUID(),
    visitDeleted: randomUUID(),
    visitB: randomUUID(),
    followUpOpen: randomUUID(),
    followUpDone: randomUUID(),
    followUpDeleted: randomUUID(),
    checklistAmplang: randomUUID(),
    checklistSasirangan: randomUUID(),
    checklistDraft: randomUUID(),
  };

  async function download(path: string, token = coordinator) {
    const res = await s.json(path, { token });
    return res;
  }
  async function xlsx(path: string, token = coordinator) {
    const res = await download(path, token);
    expect(res.status, await res.clone().text()).toBe(200);
    return { res, sheet: readXlsx(new Uint8Array(await res.arrayBuffer())) };
  }
  async function csv(path: string, token = coordinator) {
    const res = await download(path, token);
    expect(res.status, await res.clone().text()).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return { res, rows: readCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)) };
  }
  /** Checks both files of one export against the expected header and rows, cell by cell. */
  async function expectBoth(path: string, header: string[], rows: Expected[][]) {
    const join = path.includes('?') ? '&' : '?';
    const { sheet } = await xlsx(`${path}${join}format=xlsx`);
    expect(sheet.rows[0]).toEqual(header);
    expect(padded(sheet.rows.slice(1), header.length)).toEqual(rows.map((row) => row.map(xlsxCell)));
    const fromCsv = await csv(`${path}${join}format=csv`);
    expect(fromCsv.rows[0]).toEqual(header);
    expect(fromCsv.rows.slice(1)).toEqual(rows.map((row) => row.map(csvCell)));
  }
  async function names(path: string, token = coordinator): Promise<string[]> {
    const { rows } = await csv(`${path}${path.includes('?') ? '&' : '?'}format=csv`, token);
    const column = rows[0]?.indexOf('Nama usaha') ?? -1;
    return rows.slice(1).map((row) => row[column] ?? '');
  }

  beforeAll(async () => {
    s = await startTestServer(backend, { now: () => NOW });
    coordinator = await s.login('koor-a');
    const f = s.fixture;
    const { db } = s.database;
    await db
      .update(businesses)
      .set({
        brand: 'Amplang "Berkah"',
        phone: '+6281234567890',
        address: 'Jl. Mantuil, RT 05',
        location: { lat: -3.3521, lng: 114.5912 },
        kbli: { code: '10794', version: '2020' },
        products: 'Amplang ikan tenggiri',
        yearStarted: 2019,
        employees: 3,
        capital: 25_000_000,
        annualSales: 180_000_000,
        sizeClass: 'mikro',
        legalForm: 'perorangan',
        licences: {
          nib: '1234567890123',
          pirt: '206637101002327',
          halal: 'ID63110000123',
          bpom: null,
          trademark: null,
        },
        links: [
          { kind: 'instagram', value: '@amplangberkah' },
          { kind: 'shopee', value: 'shopee.co.id/amplangberkah' },
        ],
        cohort: 'WUB 2019',
        status: 'berkembang',
        createdAt: new Date('2026-01-05T00:30:00.000Z'),
        updatedAt: new Date('2026-11-20T02:00:00.000Z'),
      })
      .where(eq(businesses.id, f.businessOfCoachA));
    await db
      .update(businesses)
      .set({
        ownerName: 'Rahmah',
        ownerNik: null,
        districtCode: '63.71.02',
        villageCode: '63.71.02.1002',
        sector: 'fesyen',
        licences: { nib: null, pirt: null, halal: null, bpom: null, trademark: null },
        status: 'stagnan',
        isFood: false,
        createdAt: new Date('2026-02-01T01:00:00.000Z'),
        updatedAt: new Date('2026-02-01T01:00:00.000Z'),
      })
      .where(eq(businesses.id, f.businessOfOtherCoachA));
    const plain = {
      organisationId: f.orgA,
      version: 2,
      ownerName: 'Ani',
      districtCode: '63.71.01',
      villageCode: '63.71.01.1002',
      sector: 'kuliner',
      licences: { nib: null, pirt: null, halal: null, bpom: null, trademark: null },
      createdAt: new Date('2026-03-01T00:00:00.000Z'),
      updatedAt: new Date('2026-03-01T00:00:00.000Z'),
    };
    await db.insert(businesses).values([
      // Unassigned, with text a spreadsheet would run as a formula.
      { ...plain, id: ids.lapis, name: 'Kue Lapis Hj. Ani', address: '=HYPERLINK("http://x","klik")' },
      { ...plain, id: ids.deleted, name: 'Usaha Terhapus', deletedAt: new Date('2026-04-01T00:00:00.000Z') },
    ]);

    const visit = {
      organisationId: f.orgA,
      version: 3,
      kind: 'monitoring',
      topics: ['packaging'],
      reviewState: 'submitted',
    };
    await db.insert(visits).values([
      {
        ...visit,
        id: ids.visitAmplang,
        businessId: f.businessOfCoachA,
        coachId: f.coachA,
        // 19 November, 07:30 in Banjarmasin.
        visitedAt: new Date('2026-11-18T23:30:00.000Z'),
        topics: ['packaging', 'digital_marketing'],
        notes: 'Label belum ada tanggal kedaluwarsa,\n"kemasan" masih plastik polos.',
        problems: 'Modal terbatas',
        advice: 'Pakai standing pouch',
        monthlySales: 4_500_000,
        employees: 3,
        location: { lat: -3.3522, lng: 114.5913 },
        nextVisitOn: '2026-12-01',
        reviewState: 'approved',
        reviewComment: 'Bagus.',
        coachReply: 'Terima kasih.',
      },
      {
        ...visit,
        id: ids.visitSasirangan,
        businessId: f.businessOfOtherCoachA,
        coachId: f.otherCoachA,
        visitedAt: new Date('2026-11-20T02:00:00.000Z'),
        kind: 'first_assessment',
        topics: ['licensing'],
      },
      {
        ...visit,
        id: ids.visitDraft,
        businessId: f.businessOfCoachA,
        coachId: f.coachA,
        visitedAt: new Date('2026-11-21T02:00:00.000Z'),
        reviewState: 'draft',
      },
      {
        ...visit,
        id: ids.visitDeleted,
        businessId: f.businessOfCoachA,
        coachId: f.coachA,
        visitedAt: new Date('2026-11-21T03:00:00.000Z'),
        deletedAt: new Date('2026-11-21T04:00:00.000Z'),
      },
      {
        ...visit,
        id: ids.visitB,
        organisationId: f.orgB,
        businessId: f.businessOfB,
        coachId: f.coordinatorB,
        visitedAt: new Date('2026-11-20T01:00:00.000Z'),
      },
    ]);

    await db.insert(followUps).values([
      {
        id: ids.followUpOpen,
        organisationId: f.orgA,
        businessId: f.businessOfCoachA,
        visitId: ids.visitAmplang,
        what: 'Urus P-IRT, bawa KTP',
        who: 'Pemilik',
        dueOn: '2026-12-15',
      },
      {
        id: ids.followUpDone,
        organisationId: f.orgA,
        businessId: f.businessOfOtherCoachA,
        visitId: null,
        what: 'Daftar QRIS',
        who: 'Pendamping',
        dueOn: null,
        doneAt: new Date('2026-11-21T03:00:00.000Z'),
      },
      {
        id: ids.followUpDeleted,
        organisationId: f.orgA,
        businessId: f.businessOfCoachA,
        what: 'Terhapus',
        who: 'Pemilik',
        deletedAt: new Date('2026-11-21T03:00:00.000Z'),
      },
      {
        id: randomUUID(),
        organisationId: f.orgB,
        businessId: f.businessOfB,
        what: 'Kota lain',
        who: 'Pemilik',
      },
    ]);

    await db.insert(checklistStates).values([
      {
        id: ids.checklistAmplang,
        organisationId: f.orgA,
        businessId: f.businessOfCoachA,
        visitId: ids.visitAmplang,
        kind: 'digital_marketing',
        templateVersion: 1,
        items: {
          wa_business_catalogue: {
            done: true,
            evidence: { kind: 'link', value: 'https://wa.me/c/6281234567890' },
            note: 'Katalog 12 produk',
          },
          social_business_account: {
            done: true,
            evidence: { kind: 'handle', value: '@amplangberkah' },
            note: null,
          },
          qris: { done: false, evidence: null, note: 'Belum punya rekening' },
        },
      },
      {
        id: ids.checklistSasirangan,
        organisationId: f.orgA,
        businessId: f.businessOfOtherCoachA,
        visitId: ids.visitSasirangan,
        kind: 'packaging',
        templateVersion: 1,
        items: { product_name: { done: true, evidence: null, note: null } },
      },
      {
        id: ids.checklistDraft,
        organisationId: f.orgA,
        businessId: f.businessOfCoachA,
        visitId: ids.visitDraft,
        kind: 'packaging',
        templateVersion: 1,
        items: {},
      },
    ]);
  }, 120_000);
  afterAll(async () => {
    await s.dispose();
  });

  const BUSINESS_HEADER = [
    'ID usaha',
    'Nama usaha',
    'Merek',
    'Nama pemilik',
    'Telepon',
    'Alamat',
    'Kode kecamatan',
    'Kecamatan',
    'Kode kelurahan',
    'Kelurahan',
    'Lintang',
    'Bujur',
    'Sektor',
    'KBLI',
    'Versi KBLI',
    'Produk',
    'Tahun mulai',
    'Tenaga kerja',
    'Modal usaha (Rp)',
    'Omzet per tahun (Rp)',
    'Skala usaha',
    'Bentuk usaha',
    'NIB',
    'P-IRT',
    'Sertifikat halal',
    'BPOM MD/ML',
    'Merek terdaftar',
    'Kohort',
    'Pendamping',
    'Status pembinaan',
    'Pangan olahan',
    'Tautan daring',
    'Dibuat (WITA)',
    'Diperbarui (WITA)',
  ];
  const amplangRow = (): Expected[] => [
    s.fixture.businessOfCoachA,
    'Amplang Berkah',
    'Amplang "Berkah"',
    'Siti Aminah',
    '+6281234567890',
    'Jl. Mantuil, RT 05',
    '63.71.01',
    'Banjarmasin Selatan',
    '63.71.01.1001',
    'Mantuil',
    -3.3521,
    114.5912,
    'Makanan olahan',
    '10794',
    '2020',
    'Amplang ikan tenggiri',
    2019,
    3,
    25_000_000,
    180_000_000,
    'Mikro',
    'Perorangan',
    '1234567890123',
    '206637101002327',
    'ID63110000123',
    null,
    null,
    'WUB 2019',
    'Coach A',
    'Berkembang',
    'Ya',
    'Instagram: @amplangberkah; Shopee: shopee.co.id/amplangberkah',
    datetime('2026-01-05 08:30'),
    datetime('2026-11-20 10:00'),
  ];
  const lapisRow = (): Expected[] => [
    ids.lapis,
    'Kue Lapis Hj. Ani',
    null,
    'Ani',
    null,
    formula('=HYPERLINK("http://x","klik")'),
    '63.71.01',
    'Banjarmasin Selatan',
    '63.71.01.1002',
    'Kelayan Selatan',
    null,
    null,
    'Kuliner',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    'Baru',
    'Tidak',
    null,
    datetime('2026-03-01 08:00'),
    datetime('2026-03-01 08:00'),
  ];
  const sasiranganRow = (): Expected[] => [
    s.fixture.businessOfOtherCoachA,
    'Sasirangan Intan',
    null,
    'Rahmah',
    '+6281234567890',
    null,
    '63.71.02',
    'Banjarmasin Timur',
    '63.71.02.1002',
    'Kebun Bunga',
    null,
    null,
    'Fesyen',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    'Coach A2',
    'Stagnan',
    'Tidak',
    null,
    datetime('2026-02-01 09:00'),
    datetime('2026-02-01 09:00'),
  ];

  it('exports businesses in name order, cell by cell, the same in XLSX and CSV, without NIK unless asked', async () => {
    // In XLSX the formula in Kue Lapis's address is an inline string (never run); in CSV it gets an apostrophe.
    await expectBoth('/api/exports/businesses', BUSINESS_HEADER, [amplangRow(), lapisRow(), sasiranganRow()]);
    const { rows } = await csv('/api/exports/businesses?format=csv');
    const { sheet } = await xlsx('/api/exports/businesses');
    expect(JSON.stringify(rows)).not.toContain('6371014507850001');
    expect(JSON.stringify(sheet.rows)).not.toContain('6371014507850001');
  });

  it('adds the NIK column when a coordinator asks for it, and says so in the audit log', async () => {
    const header = [...BUSINESS_HEADER];
    header.splice(4, 0, 'NIK pemilik');
    const withNik = (row: Expected[], nik: string | null) => {
      const copy = [...row];
      copy.splice(4, 0, nik);
      return copy;
    };
    await expectBoth('/api/exports/businesses?includeNik=true&q=amplang', header, [
      withNik(amplangRow(), '6371014507850001'),
    ]);
    const [entry] = await s.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'export.businesses'))
      .orderBy(asc(auditLog.id))
      .then((rows) => rows.slice(-1));
    expect(entry).toMatchObject({
      organisationId: s.fixture.orgA,
      userId: s.fixture.coordinatorA,
      entity: 'export',
      detail: { format: 'csv', filters: { includeNik: 'true', q: 'amplang' }, rows: 1, nik: true },
    });
  });

  it('filters businesses like the list screen: words, kecamatan, kelurahan, coach, unassigned, status', async () => {
    const f = s.fixture;
    expect(await names('/api/exports/businesses?q=LAPIS')).toEqual(['Kue Lapis Hj. Ani']);
    expect(await names('/api/exports/businesses?q=berkah%20amplang')).toEqual(['Amplang Berkah']);
    expect(await names('/api/exports/businesses?q=%25')).toEqual([]);
    expect(await names('/api/exports/businesses?districtCode=63.71.01')).toEqual([
      'Amplang Berkah',
      'Kue Lapis Hj. Ani',
    ]);
    expect(await names('/api/exports/businesses?villageCode=63.71.01.1002')).toEqual(['Kue Lapis Hj. Ani']);
    expect(await names(`/api/exports/businesses?coachId=${f.otherCoachA}`)).toEqual(['Sasirangan Intan']);
    expect(await names('/api/exports/businesses?coachId=none')).toEqual(['Kue Lapis Hj. Ani']);
    expect(await names('/api/exports/businesses?status=stagnan')).toEqual(['Sasirangan Intan']);
    expect(await names('/api/exports/businesses?status=tutup')).toEqual([]);
  });

  it('answers with a dated attachment, the row count up front, and no caching', async () => {
    const { res, sheet } = await xlsx('/api/exports/businesses?districtCode=63.71.01');
    expect(res.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="usaha-2026-11-24.xlsx"');
    expect(res.headers.get('x-total-rows')).toBe('2');
    expect(sheet.rows).toHaveLength(3);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-length')).toBeNull();
    const files = [
      ['visits', 'kunjungan'],
      ['follow-ups', 'tindak-lanjut'],
      ['checklists', 'checklist'],
    ];
    for (const [dataset, stem] of files) {
      const answer = await csv(`/api/exports/${dataset}?format=csv`);
      expect(answer.res.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
      expect(answer.res.headers.get('content-disposition')).toBe(
        `attachment; filename="${stem}-2026-11-24.csv"`,
      );
      expect(Number(answer.res.headers.get('x-total-rows'))).toBe(answer.rows.length - 1);
    }
  });

  const VISIT_HEADER = [
    'ID kunjungan',
    'Waktu kunjungan (WITA)',
    'ID usaha',
    'Nama usaha',
    'Kode kecamatan',
    'Kecamatan',
    'Kode kelurahan',
    'Kelurahan',
    'KBLI',
    'NIB',
    'Pendamping',
    'Jenis kunjungan',
    'Topik',
    'Catatan',
    'Kendala',
    'Saran',
    'Omzet per bulan (Rp)',
    'Tenaga kerja',
    'Lintang',
    'Bujur',
    'Rencana kunjungan berikutnya',
    'Status tinjauan',
    'Komentar koordinator',
    'Jawaban pendamping',
  ];
  const amplangVisit = (): Expected[] => [
    ids.visitAmplang,
    datetime('2026-11-19 07:30'),
    s.fixture.businessOfCoachA,
    'Amplang Berkah',
    '63.71.01',
    'Banjarmasin Selatan',
    '63.71.01.1001',
    'Mantuil',
    '10794',
    '1234567890123',
    'Coach A',
    'Pemantauan',
    'Kemasan, Pemasaran digital',
    'Label belum ada tanggal kedaluwarsa,\n"kemasan" masih plastik polos.',
    'Modal terbatas',
    'Pakai standing pouch',
    4_500_000,
    3,
    -3.3522,
    114.5913,
    date('2026-12-01'),
    'Disetujui',
    'Bagus.',
    'Terima kasih.',
  ];
  const sasiranganVisit = (): Expected[] => [
    ids.visitSasirangan,
    datetime('2026-11-20 10:00'),
    s.fixture.businessOfOtherCoachA,
    'Sasirangan Intan',
    '63.71.02',
    'Banjarmasin Timur',
    '63.71.02.1002',
    'Kebun Bunga',
    null,
    null,
    'Coach A2',
    'Asesmen awal',
    'Perizinan',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    'Menunggu tinjauan',
    null,
    null,
  ];

  it('exports visits newest first, cell by cell, without drafts or deleted visits', async () => {
    await expectBoth('/api/exports/visits', VISIT_HEADER, [sasiranganVisit(), amplangVisit()]);
  });

  it('filters visits like the review queue: state, coach, kecamatan, kelurahan, topic, city days', async () => {
    const f = s.fixture;
    const visitIds = async (query: string) => {
      const { rows } = await csv(`/api/exports/visits?format=csv${query}`);
      return rows.slice(1).map((row) => row[0]);
    };
    expect(await visitIds('&state=approved')).toEqual([ids.visitAmplang]);
    expect(await visitIds(`&coachId=${f.otherCoachA}`)).toEqual([ids.visitSasirangan]);
    expect(await visitIds('&districtCode=63.71.01')).toEqual([ids.visitAmplang]);
    expect(await visitIds('&villageCode=63.71.02.1002')).toEqual([ids.visitSasirangan]);
    expect(await visitIds('&topic=digital_marketing')).toEqual([ids.visitAmplang]);
    // 18 Nov 23:30 UTC is 19 Nov in Banjarmasin.
    expect(await visitIds('&from=2026-11-19&to=2026-11-19')).toEqual([ids.visitAmplang]);
    expect(await visitIds('&to=2026-11-18')).toEqual([]);
    expect(await visitIds('&from=2026-11-20')).toEqual([ids.visitSasirangan]);
  });

  const FOLLOW_UP_HEADER = [
    'ID tindak lanjut',
    'ID usaha',
    'Nama usaha',
    'Kode kecamatan',
    'Kecamatan',
    'Kode kelurahan',
    'Kelurahan',
    'KBLI',
    'NIB',
    'Pendamping',
    'Waktu kunjungan (WITA)',
    'Tindak lanjut',
    'Pelaksana',
    'Tenggat',
    'Selesai',
    'Waktu selesai (WITA)',
  ];
  const openFollowUp = (): Expected[] => [
    ids.followUpOpen,
    s.fixture.businessOfCoachA,
    'Amplang Berkah',
    '63.71.01',
    'Banjarmasin Selatan',
    '63.71.01.1001',
    'Mantuil',
    '10794',
    '1234567890123',
    'Coach A',
    datetime('2026-11-19 07:30'),
    'Urus P-IRT, bawa KTP',
    'Pemilik',
    date('2026-12-15'),
    'Tidak',
    null,
  ];
  const doneFollowUp = (): Expected[] => [
    ids.followUpDone,
    s.fixture.businessOfOtherCoachA,
    'Sasirangan Intan',
    '63.71.02',
    'Banjarmasin Timur',
    '63.71.02.1002',
    'Kebun Bunga',
    null,
    null,
    'Coach A2',
    null,
    'Daftar QRIS',
    'Pendamping',
    null,
    'Ya',
    datetime('2026-11-21 11:00'),
  ];

  it('exports follow-ups by due date (undated last), cell by cell, and filters them', async () => {
    await expectBoth('/api/exports/follow-ups', FOLLOW_UP_HEADER, [openFollowUp(), doneFollowUp()]);
    await expectBoth('/api/exports/follow-ups?status=done', FOLLOW_UP_HEADER, [doneFollowUp()]);
    await expectBoth('/api/exports/follow-ups?status=open&from=2026-12-15&to=2026-12-15', FOLLOW_UP_HEADER, [
      openFollowUp(),
    ]);
    await expectBoth(`/api/exports/follow-ups?coachId=${s.fixture.otherCoachA}`, FOLLOW_UP_HEADER, [
      doneFollowUp(),
    ]);
    await expectBoth('/api/exports/follow-ups?to=2026-12-14', FOLLOW_UP_HEADER, []);
  });

  const CHECKLIST_HEADER = [
    'Waktu kunjungan (WITA)',
    'ID kunjungan',
    'ID usaha',
    'Nama usaha',
    'Kode kecamatan',
    'Kecamatan',
    'Kode kelurahan',
    'Kelurahan',
    'KBLI',
    'NIB',
    'Pendamping',
    'Checklist',
    'Versi checklist',
    'Kode butir',
    'Butir',
    'Terpenuhi',
    'Bukti',
    'Catatan butir',
  ];
  const evidence: Record<string, [string, Expected, string | null]> = {
    wa_business_catalogue: ['Ya', 'https://wa.me/c/6281234567890', 'Katalog 12 produk'],
    // A handle starts with @, which a spreadsheet reads as a formula.
    social_business_account: ['Ya', formula('@amplangberkah'), null],
    qris: ['Tidak', null, 'Belum punya rekening'],
  };
  const amplangChecklist = (): Expected[][] =>
    itemsFor(digitalMarketingChecklistV1, true).map((item) => [
      datetime('2026-11-19 07:30'),
      ids.visitAmplang,
      s.fixture.businessOfCoachA,
      'Amplang Berkah',
      '63.71.01',
      'Banjarmasin Selatan',
      '63.71.01.1001',
      'Mantuil',
      '10794',
      '1234567890123',
      'Coach A',
      'Pemasaran digital',
      1,
      item.id,
      item.label.id,
      ...(evidence[item.id] ?? ['Tidak', null, null]),
    ]);
  const sasiranganChecklist = (): Expected[][] =>
    // Not a food business: only the items for every product.
    itemsFor(packagingChecklistV1, false).map((item) => [
      datetime('2026-11-20 10:00'),
      ids.visitSasirangan,
      s.fixture.businessOfOtherCoachA,
      'Sasirangan Intan',
      '63.71.02',
      'Banjarmasin Timur',
      '63.71.02.1002',
      'Kebun Bunga',
      null,
      null,
      'Coach A2',
      'Kemasan',
      1,
      item.id,
      item.label.id,
      item.id === 'product_name' ? 'Ya' : 'Tidak',
      null,
      null,
    ]);

  it('exports checklist states one row per applicable item, cell by cell, without drafts', async () => {
    expect(itemsFor(digitalMarketingChecklistV1, true)).toHaveLength(9);
    expect(itemsFor(packagingChecklistV1, false)).toHaveLength(8);
    await expectBoth('/api/exports/checklists', CHECKLIST_HEADER, [
      ...sasiranganChecklist(),
      ...amplangChecklist(),
    ]);
    const { res } = await xlsx('/api/exports/checklists');
    expect(res.headers.get('x-total-rows')).toBe('17');
    await expectBoth('/api/exports/checklists?kind=digital_marketing', CHECKLIST_HEADER, amplangChecklist());
    await expectBoth(
      `/api/exports/checklists?coachId=${s.fixture.otherCoachA}`,
      CHECKLIST_HEADER,
      sasiranganChecklist(),
    );
    await expectBoth(
      '/api/exports/checklists?from=2026-11-20&districtCode=63.71.02',
      CHECKLIST_HEADER,
      sasiranganChecklist(),
    );
  });

  it('never shows another city’s rows', async () => {
    const otherCity = await s.login('koor-b');
    expect(await names('/api/exports/businesses', otherCity)).toEqual(['Kerupuk Tarakan']);
    expect(await names('/api/exports/visits', otherCity)).toEqual(['Kerupuk Tarakan']);
    expect(await names('/api/exports/follow-ups', otherCity)).toEqual(['Kerupuk Tarakan']);
    expect(await names('/api/exports/checklists', otherCity)).toEqual([]);
    // Filtering by a coach of city A from city B finds nothing.
    expect(await names(`/api/exports/visits?coachId=${s.fixture.coachA}`, otherCity)).toEqual([]);
    // And city A's files hold none of city B's rows.
    for (const dataset of ['businesses', 'visits', 'follow-ups', 'checklists']) {
      const { rows } = await csv(`/api/exports/${dataset}?format=csv`);
      expect(JSON.stringify(rows), dataset).not.toMatch(/Kerupuk Tarakan|Kota lain/);
    }
  });

  it('is for coordinators only: 403 for coaches and owners, 401 without a session, and nothing audited', async () => {
    const before = await s.database.db.select().from(auditLog).where(like(auditLog.action, 'export.%'));
    for (const username of ['coach-a', 'owner-a']) {
      const token = await s.login(username);
      for (const dataset of ['businesses', 'visits', 'follow-ups', 'checklists']) {
        const res = await download(`/api/exports/${dataset}?includeNik=true`, token);
        expect(res.status, `${username} ${dataset}`).toBe(403);
        expect(((await res.json()) as ErrorBody).error.code).toBe('forbidden');
      }
    }
    expect((await s.json('/api/exports/businesses')).status).toBe(401);
    const after = await s.database.db.select().from(auditLog).where(like(auditLog.action, 'export.%'));
    expect(after).toHaveLength(before.length);
  });

  it('answers bad filters with 400 and the field, before anything is written or audited', async () => {
    const before = await s.database.db.select().from(auditLog).where(like(auditLog.action, 'export.%'));
    const cases: Array<[string, string]> = [
      ['/api/exports/businesses?format=pdf', 'format'],
      ['/api/exports/businesses?coachId=nope', 'coachId'],
      ['/api/exports/businesses?districtCode=6371', 'districtCode'],
      ['/api/exports/businesses?status=hebat', 'status'],
      ['/api/exports/businesses?includeNik=ya', 'includeNik'],
      ['/api/exports/businesses?sort=name', ''],
      ['/api/exports/visits?state=draft', 'state'],
      ['/api/exports/visits?topic=gossip', 'topic'],
      ['/api/exports/visits?from=2026-11-20&to=2026-11-19', 'to'],
      ['/api/exports/visits?limit=10', ''],
      ['/api/exports/follow-ups?status=late', 'status'],
      ['/api/exports/follow-ups?from=2026-13-01', 'from'],
      ['/api/exports/checklists?kind=halal', 'kind'],
      ['/api/exports/checklists?villageCode=63.71.01.3001', 'villageCode'],
    ];
    for (const [path, field] of cases) {
      const res = await download(path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code, path).toBe('invalid_input');
      if (field)
        expect(
          body.error.fields?.map((f) => f.path),
          path,
        ).toContain(field);
    }
    expect((await download('/api/exports/photos')).status).toBe(404);
    const after = await s.database.db.select().from(auditLog).where(like(auditLog.action, 'export.%'));
    expect(after).toHaveLength(before.length);
  });

  it('writes an audit entry for every export with its format, filters, row count and whether NIK was in it', async () => {
    const start = await s.database.db.select().from(auditLog).where(like(auditLog.action, 'export.%'));
    await xlsx(`/api/exports/visits?coachId=${s.fixture.coachA}&topic=packaging`);
    await csv('/api/exports/checklists?format=csv&kind=packaging');
    const entries = (
      await s.database.db
        .select()
        .from(auditLog)
        .where(like(auditLog.action, 'export.%'))
        .orderBy(asc(auditLog.id))
    ).slice(start.length);
    expect(entries.map((e) => [e.action, e.userId, e.detail])).toEqual([
      [
        'export.visits',
        s.fixture.coordinatorA,
        { format: 'xlsx', filters: { coachId: s.fixture.coachA, topic: 'packaging' }, rows: 1, nik: false },
      ],
      [
        'export.checklists',
        s.fixture.coordinatorA,
        { format: 'csv', filters: { kind: 'packaging' }, rows: 8, nik: false },
      ],
    ]);
  });

  it('streams a few thousand businesses in pieces, every one once, in name order', async () => {
    // A server of its own, so the other tests' small city stays small.
    const big = await startTestServer(backend);
    try {
      const f = big.fixture;
      await seedServerDataset(big.database, {
        organisationId: f.orgA,
        coachId: f.coachA,
        regionCode: '63.71',
        businesses: 3_500,
        visits: 0,
        seed: 7,
      });
      const token = await big.login('koor-a');
      const ordered = await big.database.db
        .select({ id: businesses.id })
        .from(businesses)
        .where(eq(businesses.organisationId, f.orgA))
        .orderBy(asc(businesses.name), asc(businesses.id));
      expect(ordered).toHaveLength(3_502);
      for (const format of ['xlsx', 'csv'] as const) {
        const res = await big.json(`/api/exports/businesses?format=${format}`, { token });
        expect(res.status).toBe(200);
        expect(res.headers.get('x-total-rows')).toBe('3502');
        const reader = res.body?.getReader();
        if (!reader) throw new Error('no body');
        const chunks: Uint8Array[] = [];
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(value);
        }
        // One piece per page of rows at least, not one body made at the end.
        expect(chunks.length, format).toBeGreaterThanOrEqual(4);
        const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
        let at = 0;
        for (const chunk of chunks) {
          bytes.set(chunk, at);
          at += chunk.byteLength;
        }
        const rows =
          format === 'xlsx'
            ? readXlsx(bytes).rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))))
            : readCsv(new TextDecoder().decode(bytes));
        const body = rows.slice(1);
        // Every business once, in the database's name order (its collation), as the list screen shows.
        expect(
          body.map((row) => row[0]),
          format,
        ).toEqual(ordered.map((row) => row.id));
        // Every kelurahan is named.
        expect(
          body.every((row) => (row[9] ?? '') !== ''),
          format,
        ).toBe(true);
      }
    } finally {
      await big.dispose();
    }
  }, 120_000);
});
