/**
 * The coach's business search: instant, offline and typo-tolerant over every business on the
 * phone (a city can hold 22,000).
 *
 * Design: an inverted index from folded words (name, brand, owner, kelurahan and kecamatan names)
 * to the businesses that contain them. A keystroke compares the typed words with the DISTINCT
 * words of the city (a few thousand), not with 22,000 records: exact word, prefix (the word still
 * being typed), and, for words of 4+ letters, 1 typo (2 from 8 letters), also counted against the
 * same-length start of a word so "kue renyha" and the half-typed "sasirnga" still match. Digits
 * search phone numbers (as stored, +62…, or as typed, 08…), NIB and NIK by substring. Every typed
 * word must match (AND). Ranking tiers: a name starting with the whole query, then exact/prefix
 * words of the name, then other fields, then typo matches; ties by name (Intl.Collator 'id').
 * The scores of one typed word are cached, so typing the third word does not redo the first two.
 */
import { editDistanceWithin, foldText } from '@/shared/text/fuzzy';
import type { Business, CoachingStatus, Sector } from '@/shared/domain/business';

export type SearchFilters = { districtCode?: string; status?: CoachingStatus; sector?: Sector };

// Per typed word; summed over the words of a query. A typo in the name ranks below any exact or
// prefix match of another field, and the whole-query name prefix lifts a row above all of them.
const NAME_EXACT = 8;
const NAME_PREFIX = 7;
const OTHER_EXACT = 5;
const OTHER_PREFIX = 4;
const DIGITS = 4;
const NAME_TYPO = 2;
const OTHER_TYPO = 1;
const NAME_STARTS_WITH_QUERY = 100;
/** Bigger than any query's score (a few typed words of at most NAME_EXACT each, plus the bonus). */
const SCORE_CEILING = 2 ** 20;
/** Bigger than any name rank; SCORE_CEILING * RANK_SPAN stays an exact integer in a double. */
const RANK_SPAN = 2 ** 24;
/** Typed words whose scores are remembered; cleared whenever the index changes. */
const TERM_CACHE_SIZE = 64;

type Entry = { row: Business; digits: string; folded: string };

const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });

function digitsOf(row: Business): string {
  const parts: string[] = [];
  if (row.phone) {
    parts.push(row.phone.replace(/\D/g, ''));
    if (row.phone.startsWith('+62')) parts.push(`0${row.phone.slice(3).replace(/\D/g, '')}`);
  }
  if (row.licences.nib) parts.push(row.licences.nib);
  if (row.ownerNik) parts.push(row.ownerNik);
  return parts.join(' ');
}

/** Typos forgiven in a typed word: none below 4 letters, 1 from 4, 2 from 8. */
export function allowedTypos(term: string): number {
  if (term.length >= 8) return 2;
  if (term.length >= 4) return 1;
  return 0;
}

export class BusinessSearchIndex {
  private readonly entries: Array<Entry | undefined> = [];
  private readonly slotOf = new Map<string, number>();
  /** word → entry slots; the low bit of each value says whether the word is in the business name. */
  private readonly words = new Map<string, Set<number>>();
  /** Name order (Intl.Collator 'id'); recomputed lazily after a change. */
  private nameOrder: { byName: Int32Array; rank: Int32Array } | null = null;
  private readonly termCache = new Map<string, Uint8Array>();

  private constructor(private readonly regionName: (code: string) => string) {}

  /** Builds the index; deleted rows are left out. `regionName` turns kelurahan/kecamatan codes into names. */
  static build(
    rows: readonly Business[],
    regionName: (code: string) => string = () => '',
  ): BusinessSearchIndex {
    const index = new BusinessSearchIndex(regionName);
    for (const row of rows) index.upsert(row);
    index.order(); // sort once here, not on the first keystroke
    return index;
  }

  /** Businesses in the index (deleted ones are never in it). */
  get size(): number {
    return this.slotOf.size;
  }

  /** Adds or replaces a business; a deleted one is removed. */
  upsert(row: Business): void {
    this.remove(row.id);
    if (row.deletedAt) return;
    const slot = this.entries.length;
    this.entries.push({ row, digits: digitsOf(row), folded: foldText(row.name) });
    this.slotOf.set(row.id, slot);
    this.changed();
    const add = (text: string | null, inName: boolean) => {
      if (!text) return;
      for (const word of foldText(text).split(' ')) {
        if (!word) continue;
        let set = this.words.get(word);
        if (!set) this.words.set(word, (set = new Set()));
        set.add(slot * 2 + (inName ? 1 : 0));
      }
    };
    add(row.name, true);
    add(row.brand, true);
    add(row.ownerName, false);
    add(this.regionName(row.villageCode), false);
    add(this.regionName(row.districtCode), false);
  }

  /** Upserts a batch (a pulled page, a changed row) and re-sorts by name once, off the typing path. */
  upsertMany(rows: readonly Business[]): void {
    for (const row of rows) this.upsert(row);
    this.order();
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.entries[slot] = undefined;
    this.changed();
    // Stale slots left in `words` are skipped at query time (their entry is gone).
  }

  /**
   * Businesses matching every typed word and the filters, best first (all of them, by name, for
   * an empty query). `limit` cuts the list after ranking.
   */
  search(query: string, filters: SearchFilters = {}, limit = Number.POSITIVE_INFINITY): Business[] {
    const folded = foldText(query);
    const terms = folded.split(' ').filter(Boolean);
    const max = Number.isFinite(limit) ? Math.max(0, limit) : this.entries.length;
    const passes = (entry: Entry | undefined): entry is Entry =>
      entry !== undefined &&
      (!filters.districtCode || entry.row.districtCode === filters.districtCode) &&
      (!filters.status || entry.row.status === filters.status) &&
      (!filters.sector || entry.row.sector === filters.sector);
    const { byName, rank } = this.order();
    const rows: Business[] = [];

    if (terms.length === 0) {
      // Already in name order: no sort on the typing path.
      for (let i = 0; i < byName.length && rows.length < max; i++) {
        const entry = this.entries[byName[i] ?? -1];
        if (passes(entry)) rows.push(entry.row);
      }
      return rows;
    }

    const perTerm = terms.map((term) => this.scoreTerm(term));
    // Sort keys pack (score, name rank) into one number so a native typed-array sort does the work.
    const keys: number[] = [];
    for (let slot = 0; slot < this.entries.length; slot++) {
      let score = 0;
      for (const scores of perTerm) {
        const value = scores[slot] ?? 0;
        if (value === 0) {
          score = 0;
          break;
        }
        score += value;
      }
      if (score === 0) continue;
      const entry = this.entries[slot];
      if (!passes(entry)) continue;
      if (entry.folded.startsWith(folded)) score += NAME_STARTS_WITH_QUERY;
      keys.push((SCORE_CEILING - score) * RANK_SPAN + (rank[slot] ?? 0));
    }
    const sorted = Float64Array.from(keys).sort();
    for (let i = 0; i < sorted.length && rows.length < max; i++) {
      const entry = this.entries[byName[(sorted[i] ?? 0) % RANK_SPAN] ?? -1];
      if (entry) rows.push(entry.row);
    }
    return rows;
  }

  private changed(): void {
    this.nameOrder = null;
    this.termCache.clear();
  }

  /** Live slots in name order (Intl.Collator 'id') and each slot's position; computed once per change. */
  private order(): { byName: Int32Array; rank: Int32Array } {
    if (this.nameOrder) return this.nameOrder;
    const live: number[] = [];
    this.entries.forEach((entry, slot) => {
      if (entry) live.push(slot);
    });
    // Digits by value ("Kue 2" before "Kue 10"), accents and case ignored.
    live.sort((a, b) => collator.compare(this.entries[a]?.row.name ?? '', this.entries[b]?.row.name ?? ''));
    const byName = Int32Array.from(live);
    const rank = new Int32Array(this.entries.length);
    byName.forEach((slot, position) => {
      rank[slot] = position;
    });
    this.nameOrder = { byName, rank };
    return this.nameOrder;
  }

  /** Score of every entry slot for one typed word, 0 = no match (cached until the index changes). */
  private scoreTerm(term: string): Uint8Array {
    const cached = this.termCache.get(term);
    if (cached) return cached;
    const scores = new Uint8Array(this.entries.length);
    const credit = (slots: Set<number>, inName: number, other: number) => {
      for (const value of slots) {
        const slot = value >> 1;
        const total = value & 1 ? inName : other;
        if ((scores[slot] ?? 0) < total) scores[slot] = total;
      }
    };
    const typos = allowedTypos(term);
    for (const [word, slots] of this.words) {
      if (word === term) credit(slots, NAME_EXACT, OTHER_EXACT);
      else if (word.startsWith(term)) credit(slots, NAME_PREFIX, OTHER_PREFIX);
      else if (typos > 0 && word.length >= term.length - typos) {
        // Against the whole word, or against its start while the word is still being typed.
        if (
          editDistanceWithin(term, word, typos) <= typos ||
          (word.length > term.length &&
            editDistanceWithin(term, word.slice(0, term.length), typos) <= typos)
        ) {
          credit(slots, NAME_TYPO, OTHER_TYPO);
        }
      }
    }
    if (/^\d{3,}$/.test(term)) {
      this.entries.forEach((entry, slot) => {
        if (entry && entry.digits.includes(term) && (scores[slot] ?? 0) < DIGITS) scores[slot] = DIGITS;
      });
    }
    if (this.termCache.size >= TERM_CACHE_SIZE) this.termCache.clear();
    this.termCache.set(term, scores);
    return scores;
  }
}
