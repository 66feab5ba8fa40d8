/** Same keys, every value a string: what the English half of a feature's texts must match. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/**
 * A feature's texts in both languages side by side, so adding a key in one and forgetting the other
 * fails the type check in the file where the key was added.
 */
export function bilingual<T>(id: T, en: Widen<T>): { id: T; en: Widen<T> } {
  return { id, en };
}
