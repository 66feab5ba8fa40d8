/**
 * A broken disk for the phone's database: a Dexie middleware that fails the n-th write (a DBCore
 * mutate: add, put, delete) the way a full or failing disk would, so a test can check that the
 * transaction around it leaves nothing behind. Counting can be limited to transactions over given
 * tables (say, only the one that writes a pulled page), and a counting run without a fault tells
 * how many writes an operation makes, so a test can fail each of them in turn.
 */
import type { DBCore, DBCoreTransaction } from 'dexie';
import { expect } from 'vitest';
import { LocalDb } from '@/client/data/local-db';
import { uuidv7 } from '@/client/data/uuid';

export class InjectedFault extends Error {
  constructor(
    readonly write: number,
    readonly table: string,
  ) {
    super(`injected disk fault at write ${write} (${table})`);
    this.name = 'InjectedFault';
  }
}

export type FaultPlan = {
  /** Writes are counted (and may fail) only while this is on. */
  armed: boolean;
  /** The write (1-based, among counted ones) that fails; null counts without failing. */
  failAt: number | null;
  writes: number;
  /** The tables of the counted writes, in order. */
  log: string[];
  fired: InjectedFault | null;
  /** Which transactions count, by the tables they were opened over; all when absent. */
  only?: (tables: readonly string[]) => boolean;
};

export function arm(plan: FaultPlan, failAt: number | null): void {
  plan.armed = true;
  plan.failAt = failAt;
  plan.writes = 0;
  plan.log = [];
  plan.fired = null;
}

export function disarm(plan: FaultPlan): void {
  plan.armed = false;
  plan.failAt = null;
}

/** A fresh, open phone database with the fault injector installed (disarmed). */
export async function openFaultyDb(prefix: string): Promise<{ db: LocalDb; plan: FaultPlan }> {
  const plan: FaultPlan = { armed: false, failAt: null, writes: 0, log: [], fired: null };
  const db = new LocalDb(`${prefix}-${uuidv7()}`);
  const counted = new WeakSet<DBCoreTransaction>();
  db.use({
    stack: 'dbcore',
    name: 'fault-injection',
    create: (down: DBCore): DBCore => ({
      ...down,
      transaction: (tables, mode, options) => {
        const transaction = down.transaction(tables, mode, options);
        if (!plan.only || plan.only(tables)) counted.add(transaction);
        return transaction;
      },
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (request) => {
            if (plan.armed && counted.has(request.trans)) {
              plan.writes += 1;
              plan.log.push(name);
              if (plan.writes === plan.failAt) {
                plan.fired = new InjectedFault(plan.writes, name);
                return Promise.reject(plan.fired);
              }
            }
            return table.mutate(request);
          },
        };
      },
    }),
  });
  await db.open();
  return { db, plan };
}

/** Every table of the phone's database, comparable (photo bytes as hex). */
export async function snapshot(db: LocalDb): Promise<string> {
  const tables: Record<string, unknown[]> = {};
  for (const table of db.tables) tables[table.name] = await table.toArray();
  return JSON.stringify(tables, (_key, value: unknown) =>
    Object.prototype.toString.call(value) === '[object ArrayBuffer]'
      ? Buffer.from(value as ArrayBuffer).toString('hex')
      : value,
  );
}

/**
 * Fails `operation` at its 1st, 2nd, 3rd… counted write, one run each, until a run goes through
 * without a fault. After every fault the run must have failed with exactly that fault and left the
 * database as it was before it; `afterFault` adds the caller's own checks. Returns the number of
 * faults, so a caller can check every write it expects was failed once.
 */
export async function failEachWriteInTurn(
  db: LocalDb,
  plan: FaultPlan,
  operation: () => Promise<unknown>,
  afterFault: () => Promise<void> = async () => undefined,
): Promise<number> {
  let faults = 0;
  for (let failAt = 1; ; failAt++) {
    const before = await snapshot(db);
    arm(plan, failAt);
    const outcome = await operation().then(
      () => null,
      (error: unknown) => error,
    );
    disarm(plan);
    if (plan.fired === null) {
      expect(outcome).toBeNull();
      return faults;
    }
    faults += 1;
    expect(outcome, `write ${failAt}`).toBe(plan.fired);
    expect(await snapshot(db), `after a fault at write ${failAt} (${plan.fired.table})`).toBe(before);
    await afterFault();
  }
}
