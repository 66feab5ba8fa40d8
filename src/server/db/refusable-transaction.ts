/**
 * A transaction whose refusals roll back. Writers take the organisation's next version first, as
 * the lock that serializes them (sync/next-version.ts), and only then look the row up and check the
 * request; returning a refusal from inside `db.transaction` would commit that taken version unused,
 * a gap in the version sequence. `refuse(answer)` throws instead, so the transaction rolls back
 * (the same on PGlite and PostgreSQL), and the caller gets `answer` back as the result.
 */
import type { Db } from './connect';

/** Thrown by `refuse`; caught only by the refusableTransaction that made it. */
class Refusal extends Error {
  constructor() {
    super('refused: transaction rolled back');
    this.name = 'Refusal';
  }
}

export type Refuse<T> = (answer: T) => never;

export async function refusableTransaction<T>(
  db: Db,
  work: (tx: Db, refuse: Refuse<T>) => Promise<T>,
): Promise<T> {
  const refused: { error?: Refusal; answer?: { value: T } } = {};
  const refuse: Refuse<T> = (answer) => {
    refused.answer = { value: answer };
    refused.error = new Refusal();
    throw refused.error;
  };
  try {
    return await db.transaction((tx) => work(tx, refuse));
  } catch (error) {
    if (refused.answer && error === refused.error) return refused.answer.value;
    throw error;
  }
}
