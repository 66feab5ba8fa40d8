/**
 * Seeded draws for chaos, fault and fuzz rounds: the same choices on every run of a seed. Built on the
 * seed data's generator (src/server/seed/random.ts, mulberry32); `draw(below)` is an integer in
 * [0, below), the generator's 32-bit output modulo `below`.
 */
import { seededRandom as seededGenerator } from '@/server/seed/random';

export function seededRandom(seed: number): (below: number) => number {
  const generator = seededGenerator(seed);
  // next() is the 32-bit output divided by 2^32, exactly: multiplying back recovers it.
  return (below: number) => (generator.next() * 4294967296) % below;
}
