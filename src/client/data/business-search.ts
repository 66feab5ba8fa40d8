/**
 * The coach's business search: instant, offline and typo-tolerant over every business on the
 * phone (a city can hold 22,000).
 *
 * Design: an inverted index from folded words (name, brand, owner, kelurahan and kecamatan names)
 * to the businesses that contain them. A keystroke compares the typed words with the DISTINCT
 * words of the city (a few thousand), not with 22,000 records: exact word, prefix (the word still
 * being typed), and, for words of 4+ letters, 1 typo (2 from 8 letters) counted against the same
 * length prefix so "kue renyha" still finds "Kue Renyah". Digits search phone numbers and NIB by
 * substring. Every typed word must match (AND); matches in the business name rank first.
 * The index is rebuilt from Dexie when the table changes (rare while typing), never per keystroke.
 */
import { editDistanceWithin, foldText } from '@/shared/text/fuzzy';
import type { Business, CoachingStatus, Sector } from '@/shared/domain/business';

export type SearchFilters = { districtCode?: string; status?: CoachingStatus; sector?: Sector };
export type SearchResult = { items: Business[]; total: number };

const EXACT = 4;
const PREFIX = 3;
const DIGITS = 3;
const TYPO = 1;
const NAME_BONUS = 2;

type Entry = { row: Business; digits: string; sortKey: string };

function digitsOf(row: Business): string {
  const parts: string[] = [];
  if (row.phone) {
    parts.push(row.phone.replace(/\D/g, ''));
    if (row.phone.startsWith('+62')) parts.push(`0${row.phone.slice(3)}`);
  }
  if (row.licences.nib) parts.push(row.licences.nib);
  if (row.ownerNik) parts.push(row.ownerNik);
  return parts.join(' ');
}

function allowedTypos(term: string): number {
  if (term.length >= 8) return 2;
  if (term.length >= 4) return 1;
  return 0;
}

export class BusinessSearchIndex {
  private readonly entries: Array<Entry | undefined> = [];
  private readonly slotOf = new Map<string, number>();
  /** word → entry slots; the low bit of each value says whether the word is in the business name. */
  private readonly words = new Map<string, Set<number>>();

  private constructor(private readonly regionName: (code: string) => string) {}

  /** Builds the index; deleted rows are left out. `regionName` turns kelurahan/kecamatan codes into names. */
  static build(rows: readonly Business[], regionName: (code: string) => string = () => ''): BusinessSearchIndex {
    const index = new BusinessSearchIndex(regionName);
    for (const row of rows) index.upsert(row);
    return index;
  }

  get size(): number {
    return this.slotOf.size;
  }

  upsert(row: Business): void {
    this.remove(row.id);
    if (row.deletedAt) return;
    const slot = this.entries.length;
    this.entries.push({ row, digits: digitsOf(row), sortKey: foldText(row.name) });
    this.slotOf.set(row.id, slot);
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

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    this.entries[slot] = undefined;
    // Stale slots left in `words` are skipped at query time (their entry is gone).
  }

  /** Businesses matching every typed word and the filters, best first; `total` counts all matches. */
  search(query: string, filters: SearchFilters = {}, limit = Number.POSITIVE_INFINITY): SearchResult {
    const terms = foldText(query).split(' ').filter(Boolean);
    const passes = (entry: Entry | undefined): entry is Entry =>
      entry !== undefined &&
      (!filters.districtCode || entry.row.districtCode === filters.districtCode) &&
      (!filters.status || entry.row.status === filters.status) &&
      (!filters.sector || entry.row.sector === filters.sector);

    let scores: Map<number, number> | null = null;
    for (const term of terms) {
      const termScores = this.scoreTerm(term);
      if (scores === null) {
        scores = termScores;
      } else {
        const next = new Map<number, number>();
        for (const [slot, score] of termScores) {
          const before = scores.get(slot);
          if (before !== undefined) next.set(slot, before + score);
        }
        scores = next;
      }
      if (scores.size === 0) break;
    }

    const matches: Array<{ entry: Entry; score: number }> = [];
    if (scores === null) {
      for (const entry of this.entries) if (passes(entry)) matches.push({ entry, score: 0 });
    } else {
      for (const [slot, score] of scores) {
        const entry = this.entries[slot];
        if (passes(entry)) matches.push({ entry, score });
      }
    }
    // sortKey is folded to plain a-z0-9, so byte order is alphabetical order (and far cheaper than a collator).
    matches.sort(
      (a, b) =>
        b.score - a.score || (a.entry.sortKey < b.entry.sortKey ? -1 : a.entry.sortKey > b.entry.sortKey ? 1 : 0),
    );
    const items = (Number.isFinite(limit) ? matches.slice(0, limit) : matches).map((m) => m.entry.row);
    return { items, total: matches.length };
  }

  /** Best score per entry slot for one typed word. */
  private scoreTerm(term: string): Map<number, number> {
    const scores = new Map<number, number>();
    const credit = (slots: Set<number>, score: number) => {
      for (const value of slots) {
        const slot = value >> 1;
        if (this.entries[slot] === undefined) continue;
        const total = score + (value & 1 ? NAME_BONUS : 0);
        if ((scores.get(slot) ?? -1) < total) scores.set(slot, total);
      }
    };
    const typos = allowedTypos(term);
    for (const [word, slots] of this.words) {
      if (word === term) credit(slots, EXACT);
      else if (word.startsWith(term)) credit(slots, PREFIX);
      else if (typos > 0 && word.length >= term.length - typos) {
        // Against the whole word, or against its start while the word is still being typed.
        const whole = editDistanceWithin(term, word, typos) <= typos;
        if (whole || editDistanceWithin(term, word.slice(0, term.length), typos) <= typos) credit(slots, TYPO);
      }
    }
    if (/^\d{3,}$/.test(term)) {
      this.entries.forEach((entry, slot) => {
        if (entry && entry.digits.includes(term) && (scores.get(slot) ?? -1) < DIGITS) scores.set(slot, DIGITS);
      });
    }
    return scores;
  }
}
