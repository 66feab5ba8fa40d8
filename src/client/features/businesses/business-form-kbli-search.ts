import type { KbliEntry } from '@/client/data/reference-repository';
import { editDistanceWithin, foldText } from '@/shared/text/fuzzy';

/**
 * Search over the 1,790 KBLI 2020 titles as the coach types: digits match codes by prefix ("107"
 * → 10710, 10792 …); words match title words exactly, by prefix, inside a word, or within a typo or
 * two ("krupuk" finds "Kerupuk"). Every typed word must match somewhere, so "kue basah" narrows
 * instead of widening. Titles are folded once per list and kept, so a keystroke costs a scan of
 * short strings only.
 */
type Prepared = { entry: KbliEntry; words: string[]; folded: string };

const prepared = new WeakMap<readonly KbliEntry[], Prepared[]>();

function prepare(list: readonly KbliEntry[]): Prepared[] {
  let items = prepared.get(list);
  if (!items) {
    items = list.map((entry) => {
      const folded = foldText(entry.title);
      return { entry, folded, words: folded.split(' ') };
    });
    prepared.set(list, items);
  }
  return items;
}

/** Typos forgiven for a word of this length: none for short words, where one typo is another word. */
function typoAllowance(length: number): number {
  if (length >= 7) return 2;
  if (length >= 4) return 1;
  return 0;
}

/** True when every letter of `query` appears in `word` in order ("batk" in "batik"): a dropped letter. */
function isSubsequence(query: string, word: string): boolean {
  let at = 0;
  for (const char of word) if (char === query[at]) at++;
  return at === query.length;
}

/**
 * How well one typed word matches a title: 4 exact word, 3 word prefix, 2 inside a word, 1.5 a
 * dropped letter, 1 another typo, 0 none.
 */
function wordScore(query: string, item: Prepared): number {
  let best = 0;
  const allowance = typoAllowance(query.length);
  for (const word of item.words) {
    if (word === query) return 4;
    if (word.startsWith(query)) best = Math.max(best, 3);
    else if (best < 2 && query.length >= 3 && word.includes(query)) best = 2;
    else if (
      best < 1.5 &&
      allowance > 0 &&
      word.length > query.length &&
      word.length - query.length <= allowance &&
      isSubsequence(query, word)
    ) {
      best = 1.5;
    } else if (best < 1 && allowance > 0) {
      // A typo in a whole word ("krupuk"), or in the part typed so far ("kerupu" → "kerupuk").
      const whole = editDistanceWithin(query, word, allowance) <= allowance;
      const typedPart =
        word.length > query.length && editDistanceWithin(query, word.slice(0, query.length), 1) <= 1;
      if (whole || typedPart) best = 1;
    }
  }
  return best;
}

export function searchKbli(list: readonly KbliEntry[], query: string, limit = 8): KbliEntry[] {
  const folded = foldText(query);
  if (folded === '') return [];
  const items = prepare(list);
  const compact = folded.replace(/ /g, '');
  if (/^\d+$/.test(compact)) {
    return items
      .filter((item) => item.entry.code.startsWith(compact))
      .slice(0, limit)
      .map((item) => item.entry);
  }
  const words = folded.split(' ');
  const scored: { entry: KbliEntry; score: number }[] = [];
  for (const item of items) {
    let score = 0;
    for (const word of words) {
      const value = wordScore(word, item);
      if (value === 0) {
        score = 0;
        break;
      }
      score += value;
    }
    if (score > 0) scored.push({ entry: item.entry, score });
  }
  scored.sort((a, b) => b.score - a.score || a.entry.code.localeCompare(b.entry.code));
  return scored.slice(0, limit).map((item) => item.entry);
}
