/**
 * Text folding and fuzzy comparison shared by the coach's search and the duplicate check. Pure
 * functions, no allocation-heavy structures: the search index calls them for 22,000 businesses.
 */

const COMBINING_MARKS = /[\u0300-\u036f]/g;
const NOT_WORD = /[^a-z0-9]+/g;

/** Lower case, no accents, punctuation to single spaces: "Kue  Renyah-Bu Siti!" → "kue renyah bu siti". */
export function foldText(input: string): string {
  return input.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().replace(NOT_WORD, ' ').trim();
}

/** Words common to business names that say nothing about which business it is. */
const FILLER_WORDS = new Set([
  'ud',
  'cv',
  'pt',
  'toko',
  'warung',
  'usaha',
  'bu',
  'ibu',
  'pak',
  'bapak',
  'hj',
  'h',
]);

/** Folded words without filler, for comparing names ("UD Kue Bu Siti" ≈ "Kue Siti"). */
export function nameWords(input: string): string[] {
  return foldText(input)
    .split(' ')
    .filter((word) => word.length > 0 && !FILLER_WORDS.has(word));
}

/** Character trigrams of a folded string padded with spaces, so short words still have some. */
export function trigrams(folded: string): Set<string> {
  const padded = ` ${folded} `;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Dice coefficient of the trigram sets, 0 (nothing shared) to 1 (same). */
export function trigramSimilarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared++;
  return (2 * shared) / (left.size + right.size);
}

/**
 * Damerau-Levenshtein distance (adjacent swaps count once) that gives up above `max`, returning
 * max + 1: callers only ask "within 1 or 2 typos?", and giving up early keeps a keystroke cheap.
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const width = b.length + 1;
  let before = new Array<number>(width).fill(0);
  let previous = Array.from({ length: width }, (_, j) => j);
  let current = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let value = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  const distance = previous[b.length] ?? max + 1;
  return distance > max ? max + 1 : distance;
}

/** How similar two business names are, 0..1, ignoring case, accents, punctuation and filler words. */
export function nameSimilarity(a: string, b: string): number {
  const left = nameWords(a).join(' ');
  const right = nameWords(b).join(' ');
  if (left.length === 0 || right.length === 0) return 0;
  if (left === right) return 1;
  return trigramSimilarity(left, right);
}
