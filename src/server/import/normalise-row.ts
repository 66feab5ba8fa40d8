/**
 * One spreadsheet row → the fields of a new business, with every problem found on the way. Values
 * are repaired only where the repair is certain (a phone's lost leading zero, a kecamatan typo with
 * one clear match, "1,5 juta"); what cannot be known is flagged and left empty, never guessed (a
 * phone Excel turned into `8.12346E+11` has lost its last digits).
 */
import type { Business, Sector } from '@/shared/domain/business';
import { isValidNik, normalizePhone, parseRupiah, MAX_RUPIAH } from '@/shared/domain/common';
import type { ImportField, ImportMapping, ImportProblem } from '@/shared/domain/import';
import { computeSizeClass } from '@/shared/domain/size-class';
import { foldText } from '@/shared/text/fuzzy';
import type { RegionMatcher } from './region-matcher';

/** The columns a new business row is made of (sync columns and defaults are added at commit). */
export type ImportedBusiness = Pick<
  Business,
  | 'name'
  | 'brand'
  | 'ownerName'
  | 'ownerNik'
  | 'phone'
  | 'address'
  | 'districtCode'
  | 'villageCode'
  | 'sector'
  | 'kbli'
  | 'products'
  | 'yearStarted'
  | 'employees'
  | 'capital'
  | 'annualSales'
  | 'sizeClass'
  | 'legalForm'
  | 'licences'
  | 'cohort'
  | 'assignedCoachId'
  | 'isFood'
>;

export type CoachEntry = { id: string; name: string; username: string };

export type NormaliseContext = {
  regions: RegionMatcher;
  kbliCodes: ReadonlySet<string>;
  coaches: readonly CoachEntry[];
  /** The current year, the upper bound of "tahun berdiri". */
  year: number;
};

export type NormalisedRow = {
  /** Null when the row has an error and cannot become a business. */
  business: ImportedBusiness | null;
  /** What the preview shows per mapped field. */
  values: Record<string, string>;
  problems: ImportProblem[];
};

const SCIENTIFIC = /^[-+]?\d+(?:[.,]\d+)?e[-+]?\d+$/i;
export const isScientific = (value: string) => SCIENTIFIC.test(value.replace(/\s/g, ''));

export type PhoneResult = { phone: string | null; problems: ImportProblem[] };

/**
 * A phone cell: `0812-…`, `+62 812 …`, `812…` (Excel dropped the zero), several numbers
 * (`0812… / 0813…`, `… dan …`). The first valid number is kept; the others are reported.
 */
export function normaliseImportPhone(cell: string): PhoneResult {
  const problems: ImportProblem[] = [];
  const text = cell.trim();
  if (text === '') return { phone: null, problems };
  if (isScientific(text)) {
    return {
      phone: null,
      problems: [{ field: 'phone', code: 'phoneScientific', severity: 'warning', detail: text }],
    };
  }
  const parts = text
    .split(/\s*(?:[/,;&|\n]|\s(?:dan|atau|or|and)\s)\s*/i)
    .map((part) => part.trim())
    .filter((part) => /\d/.test(part));
  const found: string[] = [];
  const invalid: string[] = [];
  for (const part of parts) {
    let compact = part.replace(/^(?:hp|wa|telp|tlp|tel)\.?\s*:?\s*/i, '').replace(/[^\d+]/g, '');
    let zeroAdded = false;
    if (/^8\d{8,11}$/.test(compact)) {
      compact = `0${compact}`;
      zeroAdded = true;
    }
    // Six zeros at the end: a number Excel rounded before it was saved as a number.
    if (/0{6}$/.test(compact)) {
      problems.push({ field: 'phone', code: 'phoneScientific', severity: 'warning', detail: part });
      continue;
    }
    const phone = normalizePhone(compact);
    if (phone === null) invalid.push(part);
    else {
      if (zeroAdded && found.length === 0) {
        problems.push({ field: 'phone', code: 'phoneZeroAdded', severity: 'info', detail: compact });
      }
      if (!found.includes(phone)) found.push(phone);
    }
  }
  if (invalid.length > 0) {
    problems.push({ field: 'phone', code: 'phoneInvalid', severity: 'warning', detail: invalid.join(', ') });
  }
  if (found.length > 1) {
    problems.push({
      field: 'phone',
      code: 'phoneExtra',
      severity: 'warning',
      detail: found.slice(1).join(', '),
    });
  }
  return { phone: found[0] ?? null, problems };
}

/** Rupiah as people and Excel write it: `Rp 1.500.000,-`, `1,5 juta`, `1.5jt`, `1500000`, `1500000.5`. */
export function parseImportRupiah(cell: string): number | null {
  const text = cell
    .trim()
    .replace(/,-$|\.-$/, '')
    .replace(/\s+/g, ' ');
  if (text === '') return null;
  const direct =
    parseRupiah(text) ?? parseRupiah(text.replace(/(\d)\s*(rb|ribu|jt|juta|m|miliar|milyar)$/i, '$1 $2'));
  if (direct !== null) return direct;
  // A number cell of an XLSX with a fraction ("1500000.5"): a decimal point, not thousands.
  if (/^\d+\.\d+$/.test(text) && !/^\d{1,3}(\.\d{3})+$/.test(text)) return Math.round(Number(text));
  return null;
}

const SECTOR_WORDS: Array<[string, Sector]> = (
  [
    ['makanan olahan', 'makanan_olahan'],
    ['olahan pangan', 'makanan_olahan'],
    ['makanan', 'makanan_olahan'],
    ['pangan', 'makanan_olahan'],
    ['kue', 'makanan_olahan'],
    ['keripik', 'makanan_olahan'],
    ['kerupuk', 'makanan_olahan'],
    ['amplang', 'makanan_olahan'],
    ['roti', 'makanan_olahan'],
    ['camilan', 'makanan_olahan'],
    ['snack', 'makanan_olahan'],
    ['sambal', 'makanan_olahan'],
    ['abon', 'makanan_olahan'],
    ['minuman', 'minuman'],
    ['jamu', 'minuman'],
    ['kopi', 'minuman'],
    ['kuliner', 'kuliner'],
    ['rumah makan', 'kuliner'],
    ['warung makan', 'kuliner'],
    ['restoran', 'kuliner'],
    ['catering', 'kuliner'],
    ['katering', 'kuliner'],
    ['kafe', 'kuliner'],
    ['cafe', 'kuliner'],
    ['fesyen', 'fesyen'],
    ['fashion', 'fesyen'],
    ['pakaian', 'fesyen'],
    ['busana', 'fesyen'],
    ['konveksi', 'fesyen'],
    ['sasirangan', 'fesyen'],
    ['batik', 'fesyen'],
    ['jahit', 'fesyen'],
    ['bordir', 'fesyen'],
    ['kriya', 'kriya'],
    ['kerajinan', 'kriya'],
    ['handicraft', 'kriya'],
    ['anyaman', 'kriya'],
    ['souvenir', 'kriya'],
    ['pertanian', 'pertanian'],
    ['perkebunan', 'pertanian'],
    ['hortikultura', 'pertanian'],
    ['peternakan', 'pertanian'],
    ['perikanan', 'perikanan'],
    ['ikan', 'perikanan'],
    ['tambak', 'perikanan'],
    ['jasa', 'jasa'],
    ['laundry', 'jasa'],
    ['bengkel', 'jasa'],
    ['salon', 'jasa'],
    ['servis', 'jasa'],
    ['percetakan', 'jasa'],
    ['perdagangan', 'perdagangan'],
    ['dagang', 'perdagangan'],
    ['toko', 'perdagangan'],
    ['kelontong', 'perdagangan'],
    ['retail', 'perdagangan'],
    ['grosir', 'perdagangan'],
    ['lainnya', 'lainnya'],
    ['lain lain', 'lainnya'],
  ] as Array<[string, Sector]>
).sort((a, b) => b[0].length - a[0].length);

export function sectorFromText(cell: string): Sector | null {
  const folded = foldText(cell).replace(/_/g, ' ');
  if (folded === '') return null;
  const padded = ` ${folded} `;
  // The longest keyword found anywhere wins ("makanan olahan" over "makanan").
  for (const [word, sector] of SECTOR_WORDS) if (padded.includes(` ${word} `)) return sector;
  return null;
}

/** The sector KBLI's division implies, where it is clear. */
export function sectorFromKbli(code: string): Sector | null {
  const division = code.slice(0, 2);
  const map: Record<string, Sector> = {
    '01': 'pertanian',
    '02': 'pertanian',
    '03': 'perikanan',
    '10': 'makanan_olahan',
    '11': 'minuman',
    '13': 'fesyen',
    '14': 'fesyen',
    '15': 'fesyen',
    '16': 'kriya',
    '31': 'kriya',
    '32': 'kriya',
    '45': 'perdagangan',
    '46': 'perdagangan',
    '47': 'perdagangan',
    '56': 'kuliner',
  };
  return map[division] ?? null;
}

const FOOD_SECTORS = new Set<Sector>(['kuliner', 'makanan_olahan', 'minuman']);

export function legalFormFromText(cell: string): Business['legalForm'] | 'unknown' {
  const folded = foldText(cell);
  if (folded === '' || folded === '-') return null;
  if (/^(usaha )?(perorangan|perseorangan|pribadi|ud|individu)$/.test(folded)) return 'perorangan';
  if (/^pt (perorangan|perseorangan)$/.test(folded)) return 'pt_perorangan';
  if (/^(cv|commanditaire vennootschap)$/.test(folded)) return 'cv';
  if (/^(pt|perseroan terbatas)$/.test(folded)) return 'pt';
  if (/^(koperasi|kop)$/.test(folded)) return 'koperasi';
  if (/^(lainnya|lain lain|firma|fa|yayasan)$/.test(folded)) return 'lainnya';
  return 'unknown';
}

const TEXT_LIMITS: Partial<Record<ImportField, number>> = {
  name: 160,
  brand: 120,
  ownerName: 120,
  address: 300,
  products: 500,
  cohort: 60,
  halal: 60,
};

function digitsOf(cell: string): string {
  return cell.replace(/[\s.\-']/g, '');
}

/** Normalises one row of cells under `mapping`. */
export function normaliseRow(
  cells: readonly string[],
  columnCount: number,
  mapping: ImportMapping,
  context: NormaliseContext,
): NormalisedRow {
  const problems: ImportProblem[] = [];
  const values: Record<string, string> = {};
  const problem = (
    field: ImportField | null,
    code: ImportProblem['code'],
    severity: ImportProblem['severity'],
    detail?: string,
  ) => problems.push(detail === undefined ? { field, code, severity } : { field, code, severity, detail });
  if (cells.length > columnCount) {
    problem(null, 'ragged', 'error', cells.slice(columnCount).filter(Boolean).join(' | '));
  }
  const cell: Partial<Record<ImportField, string>> = {};
  mapping.forEach((field, index) => {
    if (field !== null) cell[field] = (cells[index] ?? '').trim();
  });

  const text = (field: ImportField, required = false): string | null => {
    const value = (cell[field] ?? '').replace(/\s+/g, ' ').trim();
    if (value === '') {
      if (required) problem(field, 'required', 'error');
      return null;
    }
    const limit = TEXT_LIMITS[field] ?? 300;
    if (value.length > limit) {
      problem(field, 'tooLong', required ? 'error' : 'warning', `${value.slice(0, 40)}…`);
      return null;
    }
    values[field] = value;
    return value;
  };

  const name = text('name', true);
  const ownerName = text('ownerName', true);
  const brand = text('brand');
  const address = text('address');
  const products = text('products');
  const cohort = text('cohort');
  const halal = text('halal');

  // Phone
  let phone: string | null = null;
  if (cell.phone) {
    const result = normaliseImportPhone(cell.phone);
    phone = result.phone;
    problems.push(...result.problems);
    if (phone) values.phone = phone;
  }

  // NIK
  let ownerNik: string | null = null;
  if (cell.ownerNik) {
    const digits = digitsOf(cell.ownerNik);
    if (isValidNik(digits)) {
      ownerNik = digits;
      values.ownerNik = digits;
    } else problem('ownerNik', 'nikInvalid', 'warning', cell.ownerNik);
  }

  // Licences
  let nib: string | null = null;
  if (cell.nib) {
    if (isScientific(cell.nib)) problem('nib', 'nibScientific', 'warning', cell.nib);
    else {
      const digits = digitsOf(cell.nib);
      if (/^\d{13}$/.test(digits)) {
        nib = digits;
        values.nib = digits;
      } else problem('nib', 'nibInvalid', 'warning', cell.nib);
    }
  }
  let pirt: string | null = null;
  if (cell.pirt) {
    const digits = cell.pirt.replace(/^(?:p-?irt|spp-?irt)\s*(?:no\.?)?\s*/i, '').replace(/[\s.\-/]/g, '');
    if (/^\d{15,17}$/.test(digits)) {
      pirt = digits;
      values.pirt = digits;
    } else problem('pirt', 'pirtInvalid', 'warning', cell.pirt);
  }
  let bpom: string | null = null;
  if (cell.bpom) {
    const compact = cell.bpom
      .replace(/^bpom\s*(?:ri)?\s*/i, '')
      .replace(/[.-]/g, '')
      .trim()
      .toUpperCase();
    if (/^(MD|ML)\s?\d{9,15}$/.test(compact)) {
      bpom = compact;
      values.bpom = compact;
    } else problem('bpom', 'bpomInvalid', 'warning', cell.bpom);
  }

  // KBLI: five digits as text; four digits are a lost leading zero.
  let kbli: string | null = null;
  if (cell.kbli) {
    const match = /^\D*?(\d+)(?:\.0+)?(?!\d)/.exec(cell.kbli.trim());
    const digits = match?.[1] ?? '';
    if (digits.length === 5) {
      if (context.kbliCodes.has(digits)) {
        kbli = digits;
        values.kbli = digits;
      } else problem('kbli', 'kbliUnknown', 'warning', digits);
    } else if (digits.length === 4) problem('kbli', 'kbliLostZero', 'warning', cell.kbli);
    else problem('kbli', 'kbliInvalid', 'warning', cell.kbli);
  }

  // Region
  let districtCode: string | null = null;
  let villageCode: string | null = null;
  let districtKnown = false;
  if (cell.districtCode) {
    const match = context.regions.district(cell.districtCode);
    if (match.kind === 'found') {
      districtCode = match.entry.code;
      districtKnown = true;
      if (match.typo) problem('districtCode', 'regionTypo', 'info', `Kec. ${match.entry.name}`);
    }
  }
  if (!cell.villageCode) problem('villageCode', 'required', 'error');
  else {
    const match = context.regions.village(cell.villageCode, districtCode);
    if (match.kind === 'found') {
      villageCode = match.entry.code;
      if (match.typo) problem('villageCode', 'regionTypo', 'info', match.entry.name);
    } else if (districtCode) {
      const elsewhere = context.regions.village(cell.villageCode, null);
      problem(
        'villageCode',
        elsewhere.kind === 'found' ? 'villageOutsideDistrict' : 'villageUnknown',
        'error',
        cell.villageCode,
      );
    } else {
      problem(
        'villageCode',
        match.kind === 'ambiguous' ? 'villageAmbiguous' : 'villageUnknown',
        'error',
        cell.villageCode,
      );
    }
  }
  if (cell.districtCode && !districtKnown) {
    // The kelurahan decides the kecamatan; an unreadable kecamatan blocks only when it is needed.
    problem('districtCode', 'districtUnknown', villageCode ? 'warning' : 'error', cell.districtCode);
  }
  if (villageCode) {
    districtCode = villageCode.slice(0, 8);
    values.districtCode = `${context.regions.nameOf(districtCode) ?? ''} (${districtCode})`;
    values.villageCode = `${context.regions.nameOf(villageCode) ?? ''} (${villageCode})`;
  }

  // Numbers
  const money = (field: 'capital' | 'annualSales'): number | null => {
    const raw = cell[field];
    if (!raw) return null;
    const value = parseImportRupiah(raw);
    if (value === null || value > MAX_RUPIAH) {
      problem(field, 'moneyInvalid', 'warning', raw);
      return null;
    }
    values[field] = String(value);
    return value;
  };
  const capital = money('capital');
  const annualSales = money('annualSales');
  let employees: number | null = null;
  if (cell.employees) {
    const match = /^(\d{1,6})(?:[.,]0+)?\s*(?:orang|org|tk)?$/i.exec(cell.employees.trim());
    if (match && Number(match[1]) <= 100_000) {
      employees = Number(match[1]);
      values.employees = String(employees);
    } else problem('employees', 'numberInvalid', 'warning', cell.employees);
  }
  let yearStarted: number | null = null;
  if (cell.yearStarted) {
    const match =
      /^(\d{4})(?:[-/.]\d{1,2}[-/.]\d{1,2}.*|\.0+)?$/.exec(cell.yearStarted.trim()) ??
      /^\d{1,2}[-/.]\d{1,2}[-/.](\d{4})$/.exec(cell.yearStarted.trim());
    const year = match ? Number(match[1]) : NaN;
    if (year >= 1900 && year <= context.year) {
      yearStarted = year;
      values.yearStarted = String(year);
    } else problem('yearStarted', 'yearInvalid', 'warning', cell.yearStarted);
  }

  // Legal form, sector, coach
  let legalForm: Business['legalForm'] = null;
  if (cell.legalForm) {
    const form = legalFormFromText(cell.legalForm);
    if (form === 'unknown') problem('legalForm', 'legalFormUnknown', 'warning', cell.legalForm);
    else {
      legalForm = form;
      if (form) values.legalForm = form;
    }
  }
  let sector = cell.sector ? sectorFromText(cell.sector) : null;
  sector ??= kbli ? sectorFromKbli(kbli) : null;
  sector ??= cell.products ? sectorFromText(cell.products) : null;
  // Names often say it ("Kerupuk Ikan Haruan", "Toko Sembako …").
  sector ??= name ? sectorFromText(name) : null;
  if (!sector) {
    sector = 'lainnya';
    problem('sector', 'sectorDefaulted', 'info', cell.sector || '—');
  }
  values.sector = sector;
  let assignedCoachId: string | null = null;
  if (cell.coach) {
    const wanted = foldText(cell.coach);
    const coach = context.coaches.find((c) => foldText(c.username) === wanted || foldText(c.name) === wanted);
    if (coach) {
      assignedCoachId = coach.id;
      values.coach = coach.name;
    } else problem('coach', 'coachUnknown', 'warning', cell.coach);
  }

  const blocked = problems.some((p) => p.severity === 'error');
  if (blocked || !name || !ownerName || !districtCode || !villageCode)
    return { business: null, values, problems };
  const kbliValue = kbli ? { code: kbli, version: '2020' as const } : null;
  return {
    business: {
      name,
      brand,
      ownerName,
      ownerNik,
      phone,
      address,
      districtCode,
      villageCode,
      sector,
      kbli: kbliValue,
      products,
      yearStarted,
      employees,
      capital,
      annualSales,
      sizeClass: computeSizeClass({ capital, annualSales }),
      legalForm,
      licences: { nib, pirt, halal, bpom, trademark: null },
      cohort,
      assignedCoachId,
      isFood: FOOD_SECTORS.has(sector) || /^(10|11|56)/.test(kbli ?? ''),
    },
    values,
    problems,
  };
}
