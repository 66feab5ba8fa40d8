/**
 * Login throttling, per account and per client address, over a sliding window. Kept in memory: the
 * server is one process (the embedded database allows nothing else), and a restart forgetting the
 * counters only gives an attacker one more window, not a bypass. Only failures count against an
 * account, so a coach who finally types the right password is not locked out by their own typos
 * beyond the window; every attempt counts against an address, so one address cannot sweep names.
 */
export type RateLimitRule = { limit: number; windowMs: number };

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly rule: RateLimitRule) {}

  /** Milliseconds until the key may try again, or 0 when it may now. */
  retryAfter(key: string, now: number): number {
    const recent = this.prune(key, now);
    if (recent.length < this.rule.limit) return 0;
    const oldest = recent[recent.length - this.rule.limit] ?? now;
    return Math.max(1, oldest + this.rule.windowMs - now);
  }

  record(key: string, now: number): void {
    const recent = this.prune(key, now);
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 50_000) this.sweep(now);
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private prune(key: string, now: number): number[] {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.rule.windowMs);
    if (recent.length === 0) this.hits.delete(key);
    else this.hits.set(key, recent);
    return recent;
  }

  private sweep(now: number): void {
    for (const key of [...this.hits.keys()]) this.prune(key, now);
  }
}

export type LoginLimiter = { perAccount: SlidingWindowLimiter; perAddress: SlidingWindowLimiter };

export function createLoginLimiter(
  rules: { perAccount?: RateLimitRule; perAddress?: RateLimitRule } = {},
): LoginLimiter {
  return {
    perAccount: new SlidingWindowLimiter(rules.perAccount ?? { limit: 5, windowMs: 15 * 60_000 }),
    perAddress: new SlidingWindowLimiter(rules.perAddress ?? { limit: 30, windowMs: 15 * 60_000 }),
  };
}
