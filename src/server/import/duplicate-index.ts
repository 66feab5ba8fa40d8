/**
 * Likely duplicates of an imported row, among the city's businesses and the rows above it in the
 * same file: the same NIB or phone anywhere, or a very similar name in the same kelurahan (the
 * coach's duplicate rule, shared/domain/import.ts IMPORT_SIMILAR_NAME_THRESHOLD).
 *
 * Names are compared by trigram Dice like nameSimilarity, through an index of each kelurahan's
 * trigrams: a row is compared only with names sharing a trigram with it, so 20,000 rows against
 * 22,000 businesses take a fraction of a second instead of a pairwise scan of each kelurahan.
 */
import {
  IMPORT_SIMILAR_NAME_THRESHOLD,
  type ImportDuplicate,
  type ImportDuplicateReason,
} from '@/shared/domain/import';
import { nameWords, trigrams } from '@/shared/text/fuzzy';

type Ref =
  { kind: 'existing'; businessId: string; name: string } | { kind: 'file'; row: number; name: string };
type Candidate = { ref: Ref; folded: string; grams: string[] };
type Village = { candidates: Candidate[]; index: Map<string, number[]> };

export type DuplicateSubject = {
  name: string;
  phone: string | null;
  nib: string | null;
  villageCode: string;
};

export function createDuplicateIndex() {
  const byNib = new Map<string, Ref[]>();
  const byPhone = new Map<string, Ref[]>();
  const villages = new Map<string, Village>();

  function add(subject: DuplicateSubject, ref: Ref) {
    if (subject.nib) byNib.set(subject.nib, [...(byNib.get(subject.nib) ?? []), ref]);
    if (subject.phone) byPhone.set(subject.phone, [...(byPhone.get(subject.phone) ?? []), ref]);
    const folded = nameWords(subject.name).join(' ');
    if (folded === '') return;
    let village = villages.get(subject.villageCode);
    if (!village) {
      village = { candidates: [], index: new Map() };
      villages.set(subject.villageCode, village);
    }
    const grams = [...trigrams(folded)];
    const position = village.candidates.length;
    village.candidates.push({ ref, folded, grams });
    for (const gram of grams) {
      const list = village.index.get(gram);
      if (list) list.push(position);
      else village.index.set(gram, [position]);
    }
  }

  function find(subject: DuplicateSubject): ImportDuplicate[] {
    const found = new Map<Ref, Set<ImportDuplicateReason>>();
    const note = (ref: Ref, reason: ImportDuplicateReason) => {
      const reasons = found.get(ref) ?? new Set();
      reasons.add(reason);
      found.set(ref, reasons);
    };
    if (subject.nib) for (const ref of byNib.get(subject.nib) ?? []) note(ref, 'nib');
    if (subject.phone) for (const ref of byPhone.get(subject.phone) ?? []) note(ref, 'phone');
    const folded = nameWords(subject.name).join(' ');
    const village = villages.get(subject.villageCode);
    if (folded !== '' && village) {
      const grams = trigrams(folded);
      const shared = new Map<number, number>();
      for (const gram of grams) {
        for (const position of village.index.get(gram) ?? [])
          shared.set(position, (shared.get(position) ?? 0) + 1);
      }
      for (const [position, count] of shared) {
        const candidate = village.candidates[position];
        if (!candidate) continue;
        const score = candidate.folded === folded ? 1 : (2 * count) / (grams.size + candidate.grams.length);
        if (score >= IMPORT_SIMILAR_NAME_THRESHOLD) note(candidate.ref, 'name');
      }
    }
    const order: ImportDuplicateReason[] = ['nib', 'phone', 'name'];
    return [...found.entries()]
      .map(([ref, reasons]) => {
        const sorted = [...reasons].sort((a, b) => order.indexOf(a) - order.indexOf(b));
        return ref.kind === 'existing'
          ? { kind: 'existing' as const, businessId: ref.businessId, name: ref.name, reasons: sorted }
          : { kind: 'file' as const, row: ref.row, name: ref.name, reasons: sorted };
      })
      .sort((a, b) => b.reasons.length - a.reasons.length)
      .slice(0, 5);
  }

  return {
    addExisting: (subject: DuplicateSubject, businessId: string) =>
      add(subject, { kind: 'existing', businessId, name: subject.name }),
    addRow: (subject: DuplicateSubject, row: number) =>
      add(subject, { kind: 'file', row, name: subject.name }),
    find,
  };
}
export type DuplicateIndex = ReturnType<typeof createDuplicateIndex>;
