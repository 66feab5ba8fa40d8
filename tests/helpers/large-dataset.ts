/**
 * A coach's worst-case phone: 22,000 businesses, 100,000 visits over two years, ~10,000 follow-ups and
 * ~10,000 checklist states, all for one coach of one organisation. Seeded, so every run (the e2e test
 * and `npm run bench`) measures the same data. Rows are shaped exactly like tests/helpers/factories.ts
 * and pass the shared schemas. Pure and without Node imports: it runs in Node for checks and is
 * bundled into the page by large-dataset-loader.ts, which generates the rows there (shipping 140,000
 * rows over the DevTools protocol took minutes).
 */
import { seededRandom, type Random } from '@/server/seed/random';
import { currentTemplate } from '@/shared/checklists';
import type { ChecklistKind } from '@/shared/checklists/checklist-template';
import {
  coachingStatusSchema,
  legalFormSchema,
  sectorSchema,
  type Business,
  type CoachingStatus,
  type Sector,
} from '@/shared/domain/business';
import type { ChecklistItemState, ChecklistState } from '@/shared/domain/checklist-state';
import type { FollowUp } from '@/shared/domain/follow-up';
import { computeSizeClass } from '@/shared/domain/size-class';
import { visitKindSchema, visitTopicSchema, type Visit, type VisitTopic } from '@/shared/domain/visit';

export type LargeDatasetOptions = {
  organisationId: string;
  coachId: string;
  /** The city's kelurahan with their kecamatan, as the phone stores them (meta 'regions'). */
  villages: ReadonlyArray<{ districtCode: string; villageCode: string }>;
  seed?: number;
  businesses?: number;
  visits?: number;
  followUps?: number;
  checklistStates?: number;
  /**
   * How many of the businesses are assigned to `coachId` (default 550: 22,000 shared by 40 coaches);
   * the rest, and their visits, belong to colleagues. Today's queries follow the coach's caseload.
   */
  caseload?: number;
  /** The last day visits may fall on; the data set spans the two years before it. */
  until?: Date;
};

export type LargeDataset = {
  businesses: Business[];
  visits: Visit[];
  followUps: FollowUp[];
  checklistStates: ChecklistState[];
  /** The business with the most visits: the heaviest timeline to open. */
  busiestBusinessId: string;
};

const DAY = 86_400_000;
const TWO_YEARS = 730 * DAY;

const OWNER_FIRST = [
  'Siti',
  'Ahmad',
  'Muhammad',
  'Nur',
  'Rahmah',
  'Fitri',
  'Rusmini',
  'Hairani',
  'Abdul',
  'Syarifah',
  'Dewi',
  'Rina',
  'Yanti',
  'Budi',
  'Agus',
  'Hendra',
  'Rizky',
  'Noor',
  'Aisyah',
  'Fauziah',
  'Rahmat',
  'Salmah',
  'Jumiati',
  'Wahyuni',
  'Herlina',
  'Mahdalena',
  'Zainal',
  'Irwansyah',
  'Bahrudin',
  'Normila',
  'Hamidah',
  'Fadli',
  'Khairunnisa',
  'Anang',
  'Galuh',
  'Utuh',
  'Idang',
  'Masliani',
  'Sri',
  'Kurniawati',
] as const;
const OWNER_LAST = [
  'Rahmah',
  'Hidayat',
  'Fauzi',
  'Saputra',
  'Lestari',
  'Wati',
  'Hasanah',
  'Rahman',
  'Effendi',
  'Aryani',
  'Yusuf',
  'Ramadhani',
  'Maulida',
  'Hakim',
  'Susanti',
  'Noor',
  'Arifin',
  'Halimah',
  'Kusuma',
  'Pratama',
  'Anwar',
  'Safitri',
  'Mahmud',
  'Syahrani',
  'Iskandar',
  'Zulkifli',
  'Hairiyah',
  'Muslim',
  'Rusdi',
  'Amalia',
] as const;
const HONORIFIC = ['Bu', 'Pak', 'Mama', 'Acil', 'Haji', 'Hajjah', 'Mbak', 'Mas', 'Kak', 'Uda'] as const;

/** Products per sector: the first word of most business names, and the `products` field. */
const PRODUCTS: Record<Sector, readonly string[]> = {
  kuliner: [
    'Soto Banjar',
    'Nasi Kuning',
    'Ketupat Kandangan',
    'Lontong Orari',
    'Bakso',
    'Mie Bancir',
    'Ayam Geprek',
    'Sate Ayam',
  ],
  makanan_olahan: [
    'Amplang',
    'Kue Bingka',
    'Keripik Singkong',
    'Dodol Kandangan',
    'Wadai Cincin',
    'Kerupuk Ikan',
    'Abon Haruan',
    'Rengginang',
  ],
  minuman: [
    'Es Teh',
    'Kopi Aren',
    'Jus Buah',
    'Sirup Kayu Manis',
    'Jamu Kunyit',
    'Teh Telang',
    'Susu Kedelai',
  ],
  fesyen: ['Sasirangan', 'Jahit Busana', 'Kerudung', 'Batik Tulis', 'Konveksi', 'Tas Rajut'],
  kriya: ['Anyaman Purun', 'Kerajinan Rotan', 'Ukiran Kayu', 'Manik Dayak', 'Tanggui', 'Gerabah'],
  pertanian: ['Sayur Hidroponik', 'Bibit Jeruk', 'Madu Kelulut', 'Jamur Tiram', 'Cabai Rawit'],
  perikanan: ['Ikan Asin', 'Budidaya Patin', 'Ikan Haruan', 'Udang Galah', 'Kerupuk Udang'],
  jasa: ['Laundry', 'Bengkel Motor', 'Salon', 'Servis HP', 'Fotokopi', 'Penjahit'],
  perdagangan: ['Toko Kelontong', 'Warung Sembako', 'Pulsa', 'Toko Bangunan', 'Grosir Plastik'],
  lainnya: ['Percetakan', 'Sablon', 'Desain Grafis', 'Kursus Mengaji'],
};
const ADJECTIVES = [
  'Renyah',
  'Nikmat',
  'Barokah',
  'Berkah',
  'Jaya',
  'Sejahtera',
  'Mandiri',
  'Lestari',
  'Makmur',
  'Amanah',
  'Sari',
  'Indah',
  'Murni',
  'Asli',
  'Khas Banjar',
] as const;
const FOOD_SECTORS: ReadonlySet<Sector> = new Set(['kuliner', 'makanan_olahan', 'minuman', 'perikanan']);
const STREETS = [
  'Jl. Veteran',
  'Jl. Pramuka',
  'Jl. A. Yani Km 3',
  'Jl. Kelayan A',
  'Jl. Sutoyo S',
  'Jl. Cempaka',
  'Jl. Sultan Adam',
  'Jl. Pekapuran Raya',
  'Gg. Amanah',
  'Jl. Kuripan',
] as const;
const NOTES = [
  'Kemasan sudah diganti standing pouch, label belum lengkap.',
  'Pemilik ingin ikut pameran; disarankan siapkan katalog sederhana.',
  'Penjualan naik setelah buka di GoFood.',
  'Pembukuan masih campur dengan uang rumah tangga.',
  'Sudah daftar NIB lewat OSS, menunggu sertifikat halal.',
  'Produksi terganggu karena bahan baku mahal.',
  'Foto produk untuk Instagram sudah lebih terang.',
  'Butuh modal untuk oven kedua; dijelaskan syarat KUR.',
] as const;
const PROBLEMS = [
  '',
  '',
  'Modal terbatas.',
  'Belum punya izin edar.',
  'Pemasaran hanya dari mulut ke mulut.',
  'Tenaga kerja kurang.',
] as const;
const FOLLOW_UP_WHAT = [
  'Daftar NIB lewat OSS',
  'Urus SPP-IRT ke Dinas Kesehatan',
  'Foto ulang produk dengan latar putih',
  'Buat akun Google Bisnisku',
  'Catat penjualan harian di buku kas',
  'Ajukan sertifikat halal self-declare',
  'Ganti kemasan ke standing pouch',
] as const;
const FOLLOW_UP_WHO = ['Pemilik', 'Pendamping', 'Dinas Kesehatan', 'Pemilik dan anaknya'] as const;
const STATUSES: readonly CoachingStatus[] = coachingStatusSchema.options;

/** Weighted pick: most businesses are still being coached, few have closed. */
function pickStatus(rng: Random): CoachingStatus {
  const r = rng.next();
  if (r < 0.3) return 'baru';
  if (r < 0.7) return 'berkembang';
  if (r < 0.85) return 'stagnan';
  if (r < 0.96) return 'naik_kelas';
  return STATUSES[4] ?? 'tutup';
}

function digits(rng: Random, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(rng.int(0, 9));
  return out;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function generateLargeDataset(options: LargeDatasetOptions): LargeDataset {
  const rng = seededRandom(options.seed ?? 3);
  const { organisationId, coachId } = options;
  const businessCount = options.businesses ?? 22_000;
  const visitCount = options.visits ?? 100_000;
  const followUpCount = options.followUps ?? 10_000;
  const checklistCount = options.checklistStates ?? 10_000;
  const until = (options.until ?? new Date('2026-11-20T00:00:00.000Z')).getTime();
  const since = until - TWO_YEARS;

  const villages = options.villages;
  if (villages.length === 0) throw new Error('the data set needs at least one kelurahan');
  const caseload = Math.min(options.caseload ?? 550, businessCount);
  // Spread evenly: business i is this coach's when i·caseload/count crosses a whole number; the
  // others go round 39 colleagues.
  const colleagues = Array.from({ length: 39 }, () => rng.uuid());
  const coachOf = (i: number): string =>
    Math.floor((i * caseload) / businessCount) !== Math.floor(((i - 1) * caseload) / businessCount)
      ? coachId
      : (colleagues[i % colleagues.length] ?? coachId);

  const businesses: Business[] = [];
  for (let i = 0; i < businessCount; i++) {
    const sector = rng.pick(sectorSchema.options);
    const product = rng.pick(PRODUCTS[sector]);
    const first = rng.pick(OWNER_FIRST);
    const ownerName = `${first} ${rng.pick(OWNER_LAST)}`;
    const name = rng.chance(0.6)
      ? `${product} ${rng.pick(HONORIFIC)} ${first}`
      : `${product} ${rng.pick(ADJECTIVES)}`;
    const place = rng.pick(villages);
    const created = since - rng.int(0, 365) * DAY;
    const capital = rng.chance(0.6) ? rng.int(1, 400) * 1_000_000 : null;
    const annualSales = rng.chance(0.6) ? rng.int(12, 2_400) * 1_000_000 : null;
    const createdAt = new Date(created).toISOString();
    businesses.push({
      name,
      brand: rng.chance(0.2) ? `${product} ${rng.pick(ADJECTIVES)}` : null,
      ownerName,
      ownerNik: null,
      phone: rng.chance(0.5) ? `+628${rng.int(1, 5)}${digits(rng, 8)}` : null,
      address: rng.chance(0.7) ? `${rng.pick(STREETS)} No. ${rng.int(1, 150)}` : null,
      districtCode: place.districtCode,
      villageCode: place.villageCode,
      location: null,
      sector,
      kbli: null,
      products: product,
      yearStarted: rng.chance(0.7) ? rng.int(1995, 2025) : null,
      employees: rng.chance(0.6) ? rng.int(0, 12) : null,
      capital,
      annualSales,
      sizeClass: computeSizeClass({ capital, annualSales }),
      legalForm: rng.chance(0.5) ? rng.pick(legalFormSchema.options) : null,
      licences: {
        nib: rng.chance(0.35) ? `${rng.int(1, 9)}${digits(rng, 12)}` : null,
        pirt: null,
        halal: null,
        bpom: null,
        trademark: null,
      },
      links: [],
      cohort: rng.chance(0.15) ? `WUB ${rng.int(2019, 2026)}` : null,
      assignedCoachId: coachOf(i),
      status: pickStatus(rng),
      isFood: FOOD_SECTORS.has(sector),
      id: rng.uuid(),
      organisationId,
      clocks: {},
      deletedAt: null,
      createdAt,
      updatedAt: createdAt,
      createdBy: coachOf(i),
      ownerInvite: null,
    });
  }

  // A fifth of the visits go to the first hundred businesses, so some timelines hold hundreds of
  // visits (the heaviest a coach would open); the rest spread evenly.
  const heavy = Math.min(100, businessCount);
  const visits: Visit[] = [];
  const visitCounts = new Array<number>(businessCount).fill(0);
  for (let i = 0; i < visitCount; i++) {
    const index = rng.chance(0.2) ? rng.int(0, heavy - 1) : rng.int(0, businessCount - 1);
    const business = businesses[index];
    if (!business) throw new Error('business index out of range');
    visitCounts[index] = (visitCounts[index] ?? 0) + 1;
    const at = since + Math.floor(rng.next() * TWO_YEARS);
    const recent = until - at < 30 * DAY;
    const topics = new Set<VisitTopic>();
    const topicCount = rng.int(0, 3);
    for (let t = 0; t < topicCount; t++) topics.add(rng.pick(visitTopicSchema.options));
    const stamp = new Date(at).toISOString();
    visits.push({
      businessId: business.id,
      coachId: business.assignedCoachId ?? coachId,
      visitedAt: stamp,
      kind: rng.pick(visitKindSchema.options),
      topics: [...topics],
      notes: rng.pick(NOTES),
      problems: rng.pick(PROBLEMS),
      advice: '',
      monthlySales: rng.chance(0.4) ? rng.int(1, 200) * 500_000 : null,
      employees: rng.chance(0.3) ? rng.int(0, 12) : null,
      location: null,
      // Only a few visits plan a next one, as in the field; the rest of the plan lives in follow-ups.
      nextVisitOn: recent && rng.chance(0.1) ? isoDay(until + rng.int(0, 14) * DAY) : null,
      reviewState: recent ? (rng.chance(0.05) ? 'returned' : 'submitted') : 'approved',
      reviewComment: null,
      coachReply: null,
      sharedWithOwner: false,
      ownerSummary: '',
      id: rng.uuid(),
      organisationId,
      clocks: {},
      deletedAt: null,
      createdAt: stamp,
      updatedAt: stamp,
    });
  }
  let busiest = 0;
  for (let i = 1; i < businessCount; i++)
    if ((visitCounts[i] ?? 0) > (visitCounts[busiest] ?? 0)) busiest = i;

  const followUps: FollowUp[] = [];
  for (let i = 0; i < followUpCount && visits.length > 0; i++) {
    const visit = rng.pick(visits);
    const at = Date.parse(visit.visitedAt);
    const due = at + rng.int(3, 45) * DAY;
    const done = due < until - 7 * DAY ? rng.chance(0.9) : rng.chance(0.2);
    const what = rng.pick(FOLLOW_UP_WHAT);
    const who = rng.pick(FOLLOW_UP_WHO);
    followUps.push({
      businessId: visit.businessId,
      visitId: visit.id,
      what,
      who,
      dueOn: isoDay(due),
      doneAt: done ? new Date(Math.min(due, until)).toISOString() : null,
      assignee: who.startsWith('Pemilik') ? 'owner' : who === 'Pendamping' ? 'coach' : 'other',
      correction: null,
      resolution: null,
      resolutionNote: null,
      id: rng.uuid(),
      organisationId,
      clocks: {},
      deletedAt: null,
      createdAt: visit.visitedAt,
      updatedAt: visit.visitedAt,
    });
  }

  const kinds: readonly ChecklistKind[] = ['packaging', 'digital_marketing'];
  const templates = kinds.map((kind) => currentTemplate(kind));
  const checklistStates: ChecklistState[] = [];
  for (let i = 0; i < checklistCount && visits.length > 0; i++) {
    const visit = rng.pick(visits);
    const template = rng.pick(templates);
    const items: Record<string, ChecklistItemState> = {};
    for (const item of template.items) {
      if (rng.chance(0.7)) items[item.id] = { done: rng.chance(0.5), evidence: null, note: null };
    }
    checklistStates.push({
      businessId: visit.businessId,
      visitId: visit.id,
      kind: template.kind,
      templateVersion: template.version,
      items,
      id: rng.uuid(),
      organisationId,
      clocks: {},
      deletedAt: null,
      createdAt: visit.visitedAt,
      updatedAt: visit.visitedAt,
    });
  }

  return {
    businesses,
    visits,
    followUps,
    checklistStates,
    busiestBusinessId: businesses[busiest]?.id ?? '',
  };
}
