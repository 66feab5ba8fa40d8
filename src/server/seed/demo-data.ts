/**
 * The demo city: Kota Banjarmasin with its real kecamatan/kelurahan codes, three staff accounts,
 * a few hundred synthetic businesses (names, owners, numbers all invented) and some months of
 * visits, follow-ups and checklist states. Deterministic: the same seed gives the same city.
 */
import { computeSizeClass } from '@/shared/domain/size-class';
import { CHECKLIST_TEMPLATES } from '@/shared/checklists';
import { visitTopicSchema } from '@/shared/domain/visit';
import type { CityRegions } from '../reference/regions';
import type { Random } from './random';

const PRODUCTS = [
  {
    sector: 'makanan_olahan',
    isFood: true,
    words: [
      'Amplang',
      'Kerupuk Haruan',
      'Wadai Bingka',
      'Kue Cincin',
      'Abon Ikan Patin',
      'Keripik Pisang',
      'Dodol Kandangan',
    ],
    kbli: '10794',
  },
  {
    sector: 'kuliner',
    isFood: true,
    words: ['Soto Banjar', 'Lontong Orari', 'Nasi Kuning', 'Ketupat Kandangan', 'Mie Bancir', 'Pais Pisang'],
    kbli: '56102',
  },
  {
    sector: 'minuman',
    isFood: true,
    words: ['Es Kopi Banjar', 'Teh Serai', 'Jamu Kunyit', 'Sari Kelakai'],
    kbli: '11040',
  },
  {
    sector: 'fesyen',
    isFood: false,
    words: ['Sasirangan', 'Batik Sasirangan', 'Kerudung Sasirangan', 'Tas Purun'],
    kbli: '14111',
  },
  {
    sector: 'kriya',
    isFood: false,
    words: ['Anyaman Purun', 'Ukiran Kayu Ulin', 'Kerajinan Eceng Gondok', 'Miniatur Jukung'],
    kbli: '16291',
  },
  { sector: 'jasa', isFood: false, words: ['Laundry', 'Servis Ponsel', 'Penjahit', 'Sablon'], kbli: '96200' },
  {
    sector: 'perdagangan',
    isFood: false,
    words: ['Toko Kelontong', 'Warung Sembako', 'Agen Pulsa'],
    kbli: '47111',
  },
] as const;
const NAME_PREFIX = [
  'Berkah',
  'Barokah',
  'Cahaya',
  'Mandiri',
  'Sejahtera',
  'Sumber Rejeki',
  'Harapan',
  'Murni',
  'Sinar',
  'Bunda',
  'Acil',
  'Galuh',
  'Intan',
  'Mutiara',
];
const FIRST = [
  'Siti',
  'Nur',
  'Rahmah',
  'Aminah',
  'Fitri',
  'Hj. Masniah',
  'Rusdiana',
  'Ahmad',
  'Muhammad',
  'Rahmat',
  'Akhmad',
  'Yusuf',
  'Syahrani',
  'Normila',
  'Mariani',
  'Hairul',
  'Fauzan',
  'Rina',
];
const LAST = [
  'Hidayat',
  'Rahman',
  'Aini',
  'Fadillah',
  'Noor',
  'Saputra',
  'Hasanah',
  'Wahyuni',
  'Ramadhani',
  'Arsyad',
  'Zainuddin',
  'Khairunnisa',
];
const STREETS = [
  'Jl. Pramuka',
  'Jl. Veteran',
  'Jl. Sultan Adam',
  'Jl. A. Yani Km 3',
  'Jl. Kelayan A',
  'Jl. Sungai Andai',
  'Jl. Pekapuran Raya',
  'Jl. Belitung Darat',
  'Jl. Kuin Utara',
  'Jl. Alalak Tengah',
];
const COHORTS = ['WUB 2016', 'WUB 2018', 'WUB 2019', 'WUB 2021', 'WUB 2023', null];
const NOTES = [
  'Pemilik sudah mulai memakai WhatsApp Business, katalog belum lengkap.',
  'Label kemasan belum mencantumkan tanggal kedaluwarsa; disarankan cetak stiker baru.',
  'Penjualan naik menjelang Ramadan, stok bahan baku kurang.',
  'Sudah punya NIB, sedang mengurus P-IRT di Dinas Kesehatan.',
  'Pemilik minta dibantu foto produk untuk Shopee.',
  'Usaha sepi karena banjir di sekitar pasar minggu lalu.',
  'Mulai menerima QRIS; pembeli muda lebih sering memakai.',
];
const PROBLEMS = [
  'Modal terbatas',
  'Kemasan mudah rusak',
  'Belum ada izin edar',
  'Pemasaran hanya dari mulut ke mulut',
  'Harga bahan baku naik',
  '',
];
const ADVICE = [
  'Ajukan KUR mikro di bank terdekat',
  'Pakai standing pouch food grade',
  'Daftar SEHATI untuk halal self-declare',
  'Unggah produk ke Shopee dan TikTok Shop',
  'Catat penjualan harian di aplikasi',
  '',
];
const FOLLOW_UPS = [
  { what: 'Urus NIB di OSS', who: 'Pemilik' },
  { what: 'Cetak ulang label dengan tanggal kedaluwarsa', who: 'Pemilik' },
  { what: 'Daftarkan ke pelatihan foto produk', who: 'Pendamping' },
  { what: 'Ajukan sertifikat halal self-declare', who: 'Pemilik' },
  { what: 'Hubungkan dengan Dinas Kesehatan untuk P-IRT', who: 'Pendamping' },
];
const TOPICS = visitTopicSchema.options.filter((topic) => topic !== 'training' && topic !== 'other');

export type DemoIds = { organisationId: string; coordinatorId: string; coachIds: [string, string] };

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Rows ready to insert, in dependency order. */
export function buildDemoCity(
  rng: Random,
  regions: CityRegions,
  ids: DemoIds,
  options: { businesses: number; now: Date },
) {
  const villages = regions.districts.flatMap((d) =>
    d.villages.map((v) => ({ districtCode: d.code, villageCode: v.code })),
  );
  const businessRows = [];
  const visitRows = [];
  const followUpRows = [];
  const checklistRows = [];
  const now = options.now.getTime();
  const DAY = 86_400_000;

  for (let i = 0; i < options.businesses; i++) {
    const product = rng.pick(PRODUCTS);
    const place = rng.pick(villages);
    const ownerName = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    const capital = rng.int(2, 400) * 1_000_000;
    const annualSales = rng.chance(0.8) ? rng.int(12, 1_200) * 1_000_000 : null;
    const hasNib = rng.chance(0.55);
    const coachId = rng.chance(0.9) ? (i % 2 === 0 ? ids.coachIds[0] : ids.coachIds[1]) : null;
    const createdAt = new Date(now - rng.int(120, 900) * DAY);
    const id = rng.uuid();
    businessRows.push({
      id,
      organisationId: ids.organisationId,
      name: `${rng.pick(product.words)} ${rng.pick(NAME_PREFIX)}`,
      brand: rng.chance(0.5) ? rng.pick(NAME_PREFIX) : null,
      ownerName,
      ownerNik: rng.chance(0.7)
        ? `6371${String(rng.int(1, 5)).padStart(2, '0')}${String(rng.int(1, 28) + (rng.chance(0.5) ? 40 : 0)).padStart(2, '0')}${String(rng.int(1, 12)).padStart(2, '0')}${String(rng.int(60, 99))}${String(rng.int(1, 9999)).padStart(4, '0')}`
        : null,
      phone: rng.chance(0.85)
        ? `+628${rng.int(11, 59)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`
        : null,
      address: `${rng.pick(STREETS)} No. ${rng.int(1, 150)}`,
      districtCode: place.districtCode,
      villageCode: place.villageCode,
      location: { lat: -3.32 + (rng.next() - 0.5) * 0.08, lng: 114.59 + (rng.next() - 0.5) * 0.08 },
      sector: product.sector,
      kbli: { code: product.kbli, version: '2020' as const },
      products: product.words.slice(0, 2).join(', '),
      yearStarted: rng.int(2005, 2025),
      employees: rng.int(0, 8),
      capital,
      annualSales,
      sizeClass: computeSizeClass({ capital, annualSales }),
      legalForm: rng.chance(0.85) ? 'perorangan' : 'cv',
      licences: {
        nib: hasNib ? `${rng.int(1, 9)}${String(rng.int(0, 999_999_999_999)).padStart(12, '0')}` : null,
        pirt:
          product.isFood && hasNib && rng.chance(0.4)
            ? `2${String(rng.int(0, 99_999_999_999_999)).padStart(14, '0')}`
            : null,
        halal: product.isFood && hasNib && rng.chance(0.3) ? `ID${rng.int(10_000_000, 99_999_999)}` : null,
        bpom: null,
        trademark: null,
      },
      links: rng.chance(0.5)
        ? [
            {
              kind: 'instagram',
              value: `@${
                ownerName
                  .split(' ')[0]
                  ?.toLowerCase()
                  .replace(/[^a-z]/g, '') ?? 'umkm'
              }${rng.int(1, 99)}`,
            },
          ]
        : [],
      cohort: rng.pick(COHORTS),
      assignedCoachId: coachId,
      status: rng.pick(['baru', 'berkembang', 'berkembang', 'stagnan', 'naik_kelas', 'tutup'] as const),
      isFood: product.isFood,
      createdBy: ids.coordinatorId,
      createdAt,
      updatedAt: createdAt,
    });

    if (!coachId) continue;
    // Some months of visits: 0-8 per business over the last ~6 months.
    const visitCount = rng.int(0, 8);
    let monthlySales = annualSales ? Math.round(annualSales / 12) : rng.int(1, 60) * 1_000_000;
    for (let v = 0; v < visitCount; v++) {
      const visitedAt = new Date(now - rng.int(1, 180) * DAY - rng.int(8, 16) * 3_600_000);
      const visitId = rng.uuid();
      monthlySales = Math.max(500_000, Math.round(monthlySales * (0.9 + rng.next() * 0.25)));
      const age = now - visitedAt.getTime();
      visitRows.push({
        id: visitId,
        organisationId: ids.organisationId,
        businessId: id,
        coachId,
        visitedAt,
        kind:
          v === 0
            ? 'first_assessment'
            : rng.pick(['follow_up', 'monitoring', 'monitoring', 'training'] as const),
        topics: [rng.pick(TOPICS), rng.pick(TOPICS)].filter((t, idx, all) => all.indexOf(t) === idx),
        notes: rng.pick(NOTES),
        problems: rng.pick(PROBLEMS),
        advice: rng.pick(ADVICE),
        monthlySales: rng.chance(0.7) ? monthlySales : null,
        employees: rng.chance(0.5) ? rng.int(0, 8) : null,
        location: { lat: -3.32 + (rng.next() - 0.5) * 0.08, lng: 114.59 + (rng.next() - 0.5) * 0.08 },
        nextVisitOn: rng.chance(0.4) ? isoDay(new Date(visitedAt.getTime() + rng.int(7, 45) * DAY)) : null,
        reviewState:
          age > 14 * DAY ? rng.pick(['approved', 'approved', 'approved', 'returned'] as const) : 'submitted',
        reviewComment: null as string | null,
        coachReply: null,
        createdAt: visitedAt,
        updatedAt: visitedAt,
      });
      const last = visitRows[visitRows.length - 1];
      if (last && last.reviewState === 'returned')
        last.reviewComment = 'Mohon lengkapi omzet bulanan dan foto kemasan.';
      if (rng.chance(0.35)) {
        const followUp = rng.pick(FOLLOW_UPS);
        followUpRows.push({
          id: rng.uuid(),
          organisationId: ids.organisationId,
          businessId: id,
          visitId,
          what: followUp.what,
          who: followUp.who,
          dueOn: isoDay(new Date(visitedAt.getTime() + rng.int(7, 30) * DAY)),
          doneAt: rng.chance(0.5) ? new Date(visitedAt.getTime() + rng.int(3, 25) * DAY) : null,
          createdAt: visitedAt,
          updatedAt: visitedAt,
        });
      }
      if (rng.chance(0.5)) {
        const template = rng.pick(CHECKLIST_TEMPLATES);
        const items: Record<string, { done: boolean; evidence: null; note: null }> = {};
        for (const item of template.items) {
          if (product.isFood || item.appliesTo === 'all')
            items[item.id] = { done: rng.chance(0.2 + v * 0.08), evidence: null, note: null };
        }
        checklistRows.push({
          id: rng.uuid(),
          organisationId: ids.organisationId,
          businessId: id,
          visitId,
          kind: template.kind,
          templateVersion: template.version,
          items,
          createdAt: visitedAt,
          updatedAt: visitedAt,
        });
      }
    }
  }
  return { businessRows, visitRows, followUpRows, checklistRows };
}
