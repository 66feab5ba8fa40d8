/**
 * Which business field a column header names, from the words Indonesian registers use ("Nama
 * Usaha", "No HP/WA", "Kelurahan/Desa", "Omzet per Tahun") and their English forms, tolerating
 * typos ("Kecamtan") and extra words ("Alamat / Kecamatan", "Nomor Induk Berusaha (NIB)").
 */
import { createHash } from 'node:crypto';
import type { ImportField, ImportMapping } from '@/shared/domain/import';
import { editDistanceWithin, foldText, trigramSimilarity } from '@/shared/text/fuzzy';

const ALIASES: Record<ImportField, readonly string[]> = {
  name: [
    'nama usaha',
    'nama umkm',
    'nama ukm',
    'nama ikm',
    'nama perusahaan',
    'nama toko',
    'nama badan usaha',
    'usaha',
    'business name',
    'business',
  ],
  brand: ['merek', 'merk', 'brand', 'nama merek', 'merek dagang'],
  ownerName: [
    'nama pemilik',
    'pemilik',
    'nama pelaku usaha',
    'pelaku usaha',
    'nama pengusaha',
    'nama',
    'nama lengkap',
    'penanggung jawab',
    'owner',
    'owner name',
  ],
  ownerNik: ['nik', 'nik pemilik', 'no ktp', 'nomor ktp', 'ktp', 'nomor induk kependudukan'],
  phone: [
    'no hp',
    'no hp wa',
    'nomor hp',
    'hp',
    'hp wa',
    'telp',
    'no telp',
    'telepon',
    'no telepon',
    'nomor telepon',
    'no wa',
    'wa',
    'whatsapp',
    'kontak',
    'handphone',
    'phone',
    'phone number',
  ],
  address: ['alamat', 'alamat usaha', 'alamat lengkap', 'jalan', 'address'],
  districtCode: ['kecamatan', 'kec', 'kode kecamatan', 'district'],
  villageCode: ['kelurahan', 'kel', 'desa', 'kelurahan desa', 'desa kelurahan', 'kode kelurahan', 'village'],
  sector: ['sektor', 'sektor usaha', 'jenis usaha', 'bidang usaha', 'kategori usaha', 'kategori', 'sector'],
  kbli: ['kbli', 'kode kbli', 'kbli 2020'],
  products: ['produk', 'jenis produk', 'produk utama', 'nama produk', 'komoditas', 'products', 'product'],
  yearStarted: [
    'tahun berdiri',
    'tahun mulai',
    'tahun mulai usaha',
    'mulai usaha',
    'berdiri sejak',
    'tanggal berdiri',
    'tgl berdiri',
    'tanggal mulai usaha',
    'tahun',
    'year started',
  ],
  employees: [
    'tenaga kerja',
    'jumlah tenaga kerja',
    'jumlah karyawan',
    'karyawan',
    'pekerja',
    'tk',
    'employees',
  ],
  capital: ['modal', 'modal usaha', 'aset', 'asset', 'capital'],
  annualSales: [
    'omzet',
    'omset',
    'omzet per tahun',
    'omset per tahun',
    'omzet tahunan',
    'penjualan per tahun',
    'penjualan',
    'annual sales',
    'turnover',
  ],
  legalForm: ['bentuk usaha', 'badan usaha', 'bentuk badan usaha', 'badan hukum', 'legal form'],
  nib: ['nib', 'no nib', 'nomor nib', 'nomor induk berusaha'],
  pirt: ['pirt', 'p irt', 'sppirt', 'spp irt', 'no pirt', 'nomor pirt'],
  halal: ['halal', 'sertifikat halal', 'no halal', 'nomor halal'],
  bpom: ['bpom', 'no bpom', 'izin edar', 'md'],
  cohort: ['angkatan', 'kohort', 'cohort', 'program', 'tahun binaan'],
  coach: ['pendamping', 'nama pendamping', 'pembina', 'petugas pendamping', 'coach'],
};

const FOLDED: Array<{ field: ImportField; alias: string; words: number }> = Object.entries(ALIASES).flatMap(
  ([field, aliases]) =>
    aliases.map((alias) => ({ field: field as ImportField, alias, words: alias.split(' ').length })),
);

/** How well `label` (folded) names `alias`: 1 exact, about 0.8–0.9 contained or with a typo, else 0. */
function aliasScore(label: string, alias: string, aliasWords: number): number {
  if (label === alias) return 1;
  const words = label.split(' ');
  if (` ${label} `.includes(` ${alias} `)) return 0.8 + (0.15 * aliasWords) / words.length;
  if (alias.length >= 5 && label.length >= 5) {
    const typos = editDistanceWithin(label, alias, alias.length >= 8 ? 2 : 1);
    if (typos <= 2 && typos < alias.length / 4) return 0.88;
    const similarity = trigramSimilarity(label, alias);
    if (similarity >= 0.75) return 0.85 * similarity;
  }
  return 0;
}

/**
 * Each field's score for a header label. A two-row label (`Alamat / Kecamatan`) is scored as a
 * whole and by its last part, the more specific one.
 */
export function fieldScores(label: string): Map<ImportField, number> {
  const scores = new Map<ImportField, number>();
  const parts = label.split(' / ');
  const candidates = [...new Set([foldText(label), foldText(parts[parts.length - 1] ?? '')])].filter(Boolean);
  for (const folded of candidates) {
    for (const { field, alias, words } of FOLDED) {
      const score = aliasScore(folded, alias, words);
      if (score > (scores.get(field) ?? 0)) scores.set(field, score);
    }
  }
  return scores;
}

const GUESS_THRESHOLD = 0.75;

/** Distinct fields a row of labels names clearly: how much it looks like the header. */
export function headerScore(labels: readonly string[]): number {
  const fields = new Set<ImportField>();
  for (const label of labels) {
    if (label.trim() === '' || label.length > 80) continue;
    for (const [field, score] of fieldScores(label)) if (score >= 0.8) fields.add(field);
  }
  return fields.size;
}

/** Column → field, each field to at most one column, the clearest pairs first. */
export function guessMapping(labels: readonly string[]): ImportMapping {
  const pairs: Array<{ column: number; field: ImportField; score: number }> = [];
  labels.forEach((label, column) => {
    for (const [field, score] of fieldScores(label)) {
      if (score >= GUESS_THRESHOLD) pairs.push({ column, field, score });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.column - b.column);
  const mapping: ImportMapping = labels.map(() => null);
  const taken = new Set<ImportField>();
  for (const pair of pairs) {
    if (mapping[pair.column] !== null || taken.has(pair.field)) continue;
    mapping[pair.column] = pair.field;
    taken.add(pair.field);
  }
  return mapping;
}

/** The header layout's fingerprint: the same columns in the same order, however they are spelled in case. */
export function headerSignature(labels: readonly string[]): string {
  return createHash('sha256')
    .update(labels.map((label) => foldText(label)).join('|'))
    .digest('hex');
}
