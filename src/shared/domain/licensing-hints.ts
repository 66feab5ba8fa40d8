/**
 * Licensing hints computed offline from a business profile (domain.md, "Licensing hints worth
 * computing offline"). They are hints, not rulings: the coach confirms with OSS-RBA, BPJPH, Dinas
 * Kesehatan or BPOM. Pure: the business page, the owner's page and the server can all show them.
 *
 * The rules:
 * - No NIB → register for NIB through OSS-RBA first; every other licence (P-IRT, halal) builds on it.
 * - Halal self-declare (SEHATI, with a PPH companion) needs NIB, micro or small class, annual sales
 *   ≤ Rp500 million and low-risk ingredients. The last one the phone cannot know, so an eligible
 *   business is told to make sure of it. A business that is not yet eligible is told exactly which
 *   condition is missing; over the sales or size limit, the regular route (through an LPH) is named.
 * - Food permit (izin edar) for processed food: P-IRT is not allowed for sterilised or pasteurised,
 *   frozen, chilled animal products or special-diet foods; those need BPOM MD. The phone detects
 *   them with a heuristic (below) from the KBLI code and the words in the product description.
 *
 * Each hint has a stable id (for tests and for remembering a dismissal later) and catalogue keys
 * with raw values (rupiah as numbers, the size class as its enum), which the screen formats.
 */
import type { Business } from './business';
import { computeSizeClass, type SizeClass } from './size-class';
import { foldText } from '../text/fuzzy';

/** SEHATI self-declare sales ceiling (BPJPH): Rp500 million a year. */
export const SELF_DECLARE_MAX_ANNUAL_SALES = 500_000_000;

export type BpomCategory = 'sterilised' | 'pasteurised' | 'frozen' | 'chilled_animal' | 'special_diet';

/** Why a product looks like it needs BPOM MD: the category and what gave it away. */
export type BpomReason = { category: BpomCategory; evidence: { kbli: string } | { word: string } };

export type HintValues = {
  /** Rupiah amounts, formatted by the screen. */
  sales?: number;
  limit?: number;
  sizeClass?: SizeClass;
  /** A licence number as the profile holds it. */
  number?: string;
  /** For a BPOM reason: the KBLI code or the matching word. */
  kbli?: string;
  word?: string;
};

export type HintMessage = { key: string; values?: HintValues };

export type HintId =
  | 'nib-missing'
  | 'halal-held'
  | 'halal-self-declare-eligible'
  | 'halal-self-declare-not-yet'
  | 'food-permit-held'
  | 'food-permit-missing'
  | 'bpom-held'
  | 'bpom-required'
  | 'pirt-not-allowed';

export type LicensingHint = {
  id: HintId;
  /** action: something to do; warning: something is wrong; ok: nothing to do. */
  tone: 'action' | 'warning' | 'ok';
  title: HintMessage;
  details: HintMessage[];
};

/**
 * KBLI 2020 codes whose products P-IRT never covers. Coarse families are left out on purpose: 10130
 * (meat products) holds both frozen nuggets (BPOM) and abon (P-IRT allowed), so only the words decide there.
 */
const BPOM_KBLI: Readonly<Record<string, BpomCategory>> = {
  '10213': 'frozen', // pembekuan ikan
  '10293': 'frozen', // pembekuan biota air lainnya
  '10314': 'frozen', // pembekuan buah-buahan dan sayuran
  '10531': 'frozen', // es krim
  '10217': 'chilled_animal', // pendinginan/pengesan ikan
  '10297': 'chilled_animal', // pendinginan/pengesan biota air lainnya
  '10221': 'sterilised', // ikan dalam kaleng
  '10222': 'sterilised', // udang dalam kaleng
  '10320': 'sterilised', // buah dan sayuran dalam kaleng
  '10510': 'pasteurised', // susu segar dan krim
  '10520': 'pasteurised', // susu bubuk dan susu kental
  '10590': 'pasteurised', // produk dari susu lainnya
  '10791': 'special_diet', // makanan bayi
};

/** Folded words and phrases (see foldText) that mark a product P-IRT does not cover. */
const BPOM_WORDS: ReadonlyArray<[string, BpomCategory]> = [
  ['kaleng', 'sterilised'],
  ['kalengan', 'sterilised'],
  ['canned', 'sterilised'],
  ['steril', 'sterilised'],
  ['sterilisasi', 'sterilised'],
  ['uht', 'sterilised'],
  ['retort', 'sterilised'],
  ['kornet', 'sterilised'],
  ['pasteurisasi', 'pasteurised'],
  ['pasteurized', 'pasteurised'],
  ['pasteurised', 'pasteurised'],
  ['yoghurt', 'pasteurised'],
  ['yogurt', 'pasteurised'],
  ['beku', 'frozen'],
  ['dibekukan', 'frozen'],
  ['frozen', 'frozen'],
  ['es krim', 'frozen'],
  ['ice cream', 'frozen'],
  ['nugget', 'frozen'],
  ['sosis', 'frozen'],
  ['diet', 'special_diet'],
  ['diabetes', 'special_diet'],
  ['diabetik', 'special_diet'],
  ['keto', 'special_diet'],
  ['rendah gula', 'special_diet'],
  ['rendah kalori', 'special_diet'],
  ['bebas gluten', 'special_diet'],
  ['gluten free', 'special_diet'],
  ['mpasi', 'special_diet'],
  ['mp asi', 'special_diet'],
  ['makanan bayi', 'special_diet'],
];
/** Chilled products count only when they are animal products (chilled vegetables may use P-IRT). */
const CHILL_WORDS = ['dingin', 'chilled', 'didinginkan'];
const ANIMAL_WORDS = [
  'daging',
  'ayam',
  'sapi',
  'ikan',
  'udang',
  'cumi',
  'kepiting',
  'seafood',
  'susu',
  'telur',
  'bebek',
];

function hasPhrase(folded: string, phrase: string): boolean {
  return ` ${folded} `.includes(` ${phrase} `);
}

/**
 * The reasons a food product looks like it needs BPOM MD rather than P-IRT, from the KBLI code and
 * the words of the business name, brand and product description. Whole words only ("beku" matches
 * "ikan beku", not "bekukan"); each category is reported once, KBLI first. A heuristic: it can miss
 * a product described vaguely and flag one described loosely, which is why it is shown as a hint.
 */
export function bpomReasons(business: Pick<Business, 'kbli' | 'products' | 'name' | 'brand'>): BpomReason[] {
  const reasons: BpomReason[] = [];
  const seen = new Set<BpomCategory>();
  const add = (reason: BpomReason) => {
    if (seen.has(reason.category)) return;
    seen.add(reason.category);
    reasons.push(reason);
  };
  const kbliCategory = business.kbli ? BPOM_KBLI[business.kbli.code] : undefined;
  if (business.kbli && kbliCategory) add({ category: kbliCategory, evidence: { kbli: business.kbli.code } });

  const folded = foldText([business.products, business.name, business.brand].filter(Boolean).join(' '));
  for (const [phrase, category] of BPOM_WORDS) {
    if (hasPhrase(folded, phrase)) add({ category, evidence: { word: phrase } });
  }
  const chill = CHILL_WORDS.find((word) => hasPhrase(folded, word));
  if (chill && ANIMAL_WORDS.some((word) => hasPhrase(folded, word))) {
    add({ category: 'chilled_animal', evidence: { word: chill } });
  }
  return reasons;
}

type HintInput = Pick<
  Business,
  | 'licences'
  | 'sizeClass'
  | 'capital'
  | 'annualSales'
  | 'isFood'
  | 'sector'
  | 'kbli'
  | 'products'
  | 'name'
  | 'brand'
>;

/** Halal certification matters for what people eat and drink, packaged or served. */
function needsHalal(business: HintInput): boolean {
  return (
    business.isFood ||
    business.sector === 'kuliner' ||
    business.sector === 'makanan_olahan' ||
    business.sector === 'minuman'
  );
}

function reasonMessage(reason: BpomReason): HintMessage {
  const values: HintValues =
    'kbli' in reason.evidence ? { kbli: reason.evidence.kbli } : { word: reason.evidence.word };
  const how = 'kbli' in reason.evidence ? 'byKbli' : 'byWord';
  return { key: `hints.bpomReason.${reason.category}.${how}`, values };
}

function halalHint(business: HintInput): LicensingHint {
  const { licences } = business;
  if (licences.halal) {
    return {
      id: 'halal-held',
      tone: 'ok',
      title: { key: 'hints.halalHeld.title' },
      details: [{ key: 'hints.halalHeld.number', values: { number: licences.halal } }],
    };
  }
  const sizeClass = business.sizeClass ?? computeSizeClass(business);
  const missing: HintMessage[] = [];
  let regularRoute = false;
  if (!licences.nib) missing.push({ key: 'hints.halalMissing.nib' });
  if (sizeClass === null) missing.push({ key: 'hints.halalMissing.sizeUnknown' });
  else if (sizeClass !== 'mikro' && sizeClass !== 'kecil') {
    missing.push({ key: 'hints.halalMissing.sizeTooBig', values: { sizeClass } });
    regularRoute = true;
  }
  if (business.annualSales === null) {
    missing.push({
      key: 'hints.halalMissing.salesUnknown',
      values: { limit: SELF_DECLARE_MAX_ANNUAL_SALES },
    });
  } else if (business.annualSales > SELF_DECLARE_MAX_ANNUAL_SALES) {
    missing.push({
      key: 'hints.halalMissing.salesTooHigh',
      values: { sales: business.annualSales, limit: SELF_DECLARE_MAX_ANNUAL_SALES },
    });
    regularRoute = true;
  }
  if (missing.length === 0) {
    return {
      id: 'halal-self-declare-eligible',
      tone: 'action',
      title: { key: 'hints.halalEligible.title' },
      details: [{ key: 'hints.halalEligible.ingredients' }, { key: 'hints.halalEligible.howTo' }],
    };
  }
  return {
    id: 'halal-self-declare-not-yet',
    tone: 'action',
    title: { key: 'hints.halalNotYet.title' },
    details: [...missing, ...(regularRoute ? [{ key: 'hints.halalNotYet.regularRoute' }] : [])],
  };
}

function foodPermitHint(business: HintInput): LicensingHint {
  const { licences } = business;
  const reasons = bpomReasons(business);
  const nibFirst: HintMessage[] = licences.nib ? [] : [{ key: 'hints.nibFirst' }];
  if (reasons.length > 0) {
    if (licences.bpom) {
      return {
        id: 'bpom-held',
        tone: 'ok',
        title: { key: 'hints.bpomHeld.title' },
        details: [{ key: 'hints.bpomHeld.number', values: { number: licences.bpom } }],
      };
    }
    if (licences.pirt) {
      return {
        id: 'pirt-not-allowed',
        tone: 'warning',
        title: { key: 'hints.pirtNotAllowed.title' },
        details: [...reasons.map(reasonMessage), { key: 'hints.pirtNotAllowed.action' }],
      };
    }
    return {
      id: 'bpom-required',
      tone: 'action',
      title: { key: 'hints.bpomRequired.title' },
      details: [...reasons.map(reasonMessage), ...nibFirst, { key: 'hints.bpomRequired.action' }],
    };
  }
  if (licences.pirt || licences.bpom) {
    const number = licences.bpom ?? licences.pirt ?? '';
    return {
      id: 'food-permit-held',
      tone: 'ok',
      title: { key: licences.bpom ? 'hints.foodPermitHeld.bpom' : 'hints.foodPermitHeld.pirt' },
      details: [{ key: 'hints.foodPermitHeld.number', values: { number } }],
    };
  }
  return {
    id: 'food-permit-missing',
    tone: 'action',
    title: { key: 'hints.foodPermitMissing.title' },
    details: [
      ...nibFirst,
      { key: 'hints.foodPermitMissing.pirt' },
      { key: 'hints.foodPermitMissing.training' },
    ],
  };
}

/**
 * The hints for a business, most urgent first: NIB (the foundation), then the food permit, then
 * halal. A business that is neither food nor drink gets only the NIB hint when it has no NIB.
 */
export function licensingHints(business: HintInput): LicensingHint[] {
  const hints: LicensingHint[] = [];
  if (!business.licences.nib) {
    hints.push({
      id: 'nib-missing',
      tone: 'action',
      title: { key: 'hints.nibMissing.title' },
      details: [{ key: 'hints.nibMissing.how' }, { key: 'hints.nibMissing.why' }],
    });
  }
  if (business.isFood) hints.push(foodPermitHint(business));
  if (needsHalal(business)) hints.push(halalHint(business));
  return hints;
}
