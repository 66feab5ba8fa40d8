/**
 * Login throttling, per account and per client address, over a sliding window. Counted in the
 * database (`login_attempts`), so every server process of a deployment sees the same attempts: with
 * N processes behind a load balancer an attacker still gets the limit, not N times it. Only failures
 * count against an account, so a coach who finally types the right password is not locked out by
 * their own typos beyond the window; every attempt counts against an address, so one address cannot
 * sweep names.
 *
 * Rows hold a hash of the key (an owner's account name is their phone number), the time, nothing
 * else; maintenance.ts drops them after a day. Check and record are two statements, so processes
 * racing at the limit may let a request or two more through: a bound on concurrency, not a bypass.
 */
import { createHash } from 'node:crypto';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/connect';
import { loginAttempts } from '../db/schema';

export type RateLimitRule = { limit: number; windowMs: number };

/** The longest window a rule may have: attempts older than this are purged (maintenance.ts). */
export const LOGIN_ATTEMPT_RETENTION_MS = 24 * 60 * 60_000;

export class SlidingWindowLimiter {
  constructor(
    private readonly db: Db,
    /** Keeps an account named like an address (or the other way round) apart. */
    private readonly scope: 'account' | 'address',
    private readonly rule: RateLimitRule,
  ) {
    if (rule.windowMs > LOGIN_ATTEMPT_RETENTION_MS)
      throw new Error('a login window longer than the attempts are kept');
  }

  private hash(key: string): string {
    return createHash('sha256').update(`${this.scope}\u0000${key}`).digest('base64url');
  }

  /** Milliseconds until the key may try again, or 0 when it may now. */
  async retryAfter(key: string, now: number): Promise<number> {
    const recent = await this.db
      .select({ at: loginAttempts.at })
      .from(loginAttempts)
      .where(
        and(
          eq(loginAttempts.keyHash, this.hash(key)),
          gt(loginAttempts.at, new Date(now - this.rule.windowMs)),
        ),
      )
      .orderBy(desc(loginAttempts.at))
      .limit(this.rule.limit);
    // The limit-th newest attempt in the window leaves it first; until then the key waits.
    const oldest = recent.length < this.rule.limit ? undefined : recent[recent.length - 1];
    if (!oldest) return 0;
    return Math.max(1, oldest.at.getTime() + this.rule.windowMs - now);
  }

  async record(key: string, now: number): Promise<void> {
    await this.db.insert(loginAttempts).values({ keyHash: this.hash(key), at: new Date(now) });
  }

  async reset(key: string): Promise<void> {
    await this.db.delete(loginAttempts).where(eq(loginAttempts.keyHash, this.hash(key)));
  }
}

export type LoginLimiter = { perAccount: SlidingWindowLimiter; perAddress: SlidingWindowLimiter };

export function createLoginLimiter(
  db: Db,
  rules: { perAccount?: RateLimitRule; perAddress?: RateLimitRule } = {},
): LoginLimiter {
  return {
    perAccount: new SlidingWindowLimiter(
      db,
      'account',
      rules.perAccount ?? { limit: 5, windowMs: 15 * 60_000 },
    ),
    perAddress: new SlidingWindowLimiter(
      db,
      'address',
      rules.perAddress ?? { limit: 30, windowMs: 15 * 60_000 },
    ),
  };
}
