import type { ImportProblemCode } from '../../domain/import';
import { bilingual } from './bilingual';

/**
 * What each problem of an imported row means, in both languages: shown on the preview and written
 * into the downloadable report. `{{detail}}` is the value concerned or what it was matched to.
 */
export const importProblemText = bilingual<Record<ImportProblemCode, string>>(
  {
    ragged:
      'Baris ini punya isian di luar kolom judul ({{detail}}). Periksa tanda pemisah atau kolom yang bergeser.',
    required: 'Wajib diisi, tetapi kosong.',
    tooLong: 'Terlalu panjang; tidak diimpor.',
    phoneScientific:
      'Nomor rusak oleh Excel ({{detail}}): angkanya sudah dibulatkan dan tidak bisa ditebak. Isi manual nanti.',
    phoneInvalid: 'Bukan nomor telepon Indonesia ({{detail}}); dikosongkan.',
    phoneExtra: 'Ada nomor lain di sel yang sama ({{detail}}); hanya nomor pertama yang disimpan.',
    phoneZeroAdded: 'Angka 0 di depan hilang; ditambahkan ({{detail}}).',
    nikInvalid: 'NIK tidak sah ({{detail}}); dikosongkan.',
    nibInvalid: 'NIB harus 13 angka ({{detail}}); dikosongkan.',
    nibScientific: 'NIB rusak oleh Excel ({{detail}}); dikosongkan.',
    kbliInvalid: 'Kode KBLI harus 5 angka ({{detail}}); dikosongkan.',
    kbliLostZero:
      'Kode KBLI hanya 4 angka ({{detail}}): angka 0 di depan mungkin hilang. Dikosongkan; periksa kodenya.',
    kbliUnknown: 'Kode KBLI {{detail}} tidak ada di KBLI 2020; dikosongkan.',
    districtUnknown: 'Kecamatan "{{detail}}" tidak dikenal di kota ini.',
    villageUnknown: 'Kelurahan/desa "{{detail}}" tidak dikenal di kota ini.',
    villageAmbiguous: 'Ada beberapa kelurahan/desa bernama "{{detail}}"; isi kecamatannya.',
    villageOutsideDistrict: 'Kelurahan/desa "{{detail}}" tidak berada di kecamatan yang tertulis.',
    regionTypo: 'Dibaca sebagai {{detail}} (salah ketik).',
    moneyInvalid: 'Bukan jumlah rupiah ({{detail}}); dikosongkan.',
    numberInvalid: 'Bukan angka ({{detail}}); dikosongkan.',
    yearInvalid: 'Bukan tahun ({{detail}}); dikosongkan.',
    legalFormUnknown: 'Bentuk usaha "{{detail}}" tidak dikenal; dikosongkan.',
    sectorDefaulted: 'Sektor tidak dikenali ({{detail}}); diisi "lainnya".',
    coachUnknown: 'Pendamping "{{detail}}" tidak ditemukan; usaha belum punya pendamping.',
    pirtInvalid: 'Nomor P-IRT tidak sah ({{detail}}); dikosongkan.',
    bpomInvalid: 'Nomor BPOM tidak sah ({{detail}}); dikosongkan.',
  },
  {
    ragged:
      'This row has values outside the header columns ({{detail}}). Check the delimiter or shifted columns.',
    required: 'Required, but empty.',
    tooLong: 'Too long; not imported.',
    phoneScientific:
      'Number broken by Excel ({{detail}}): its digits were rounded and cannot be guessed. Fill it in by hand later.',
    phoneInvalid: 'Not an Indonesian phone number ({{detail}}); left empty.',
    phoneExtra: 'Other numbers in the same cell ({{detail}}); only the first is kept.',
    phoneZeroAdded: 'The leading 0 was lost; added back ({{detail}}).',
    nikInvalid: 'Invalid NIK ({{detail}}); left empty.',
    nibInvalid: 'An NIB has 13 digits ({{detail}}); left empty.',
    nibScientific: 'NIB broken by Excel ({{detail}}); left empty.',
    kbliInvalid: 'A KBLI code has 5 digits ({{detail}}); left empty.',
    kbliLostZero:
      'The KBLI code has only 4 digits ({{detail}}): a leading 0 may have been lost. Left empty; check the code.',
    kbliUnknown: 'KBLI code {{detail}} is not in KBLI 2020; left empty.',
    districtUnknown: 'Kecamatan "{{detail}}" is not known in this city.',
    villageUnknown: 'Kelurahan/desa "{{detail}}" is not known in this city.',
    villageAmbiguous: 'Several kelurahan/desa are called "{{detail}}"; fill in the kecamatan.',
    villageOutsideDistrict: 'Kelurahan/desa "{{detail}}" is not in the kecamatan given.',
    regionTypo: 'Read as {{detail}} (a typo).',
    moneyInvalid: 'Not an amount of rupiah ({{detail}}); left empty.',
    numberInvalid: 'Not a number ({{detail}}); left empty.',
    yearInvalid: 'Not a year ({{detail}}); left empty.',
    legalFormUnknown: 'Unknown legal form "{{detail}}"; left empty.',
    sectorDefaulted: 'Sector not recognised ({{detail}}); set to "other".',
    coachUnknown: 'Coach "{{detail}}" not found; the business has no coach yet.',
    pirtInvalid: 'Invalid P-IRT number ({{detail}}); left empty.',
    bpomInvalid: 'Invalid BPOM number ({{detail}}); left empty.',
  },
);

/** A problem's message in `language`, its detail filled in. */
export function importProblemMessage(
  language: 'id' | 'en',
  problem: { code: ImportProblemCode; detail?: string | undefined },
): string {
  return importProblemText[language][problem.code].replace('{{detail}}', problem.detail ?? '');
}
