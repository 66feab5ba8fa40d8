/**
 * One row of the table `npm run bench` prints, and the small statistics every figure uses. Shared by
 * run.ts (the phone's figures) and sync-bench.ts (the sync figures), which add rows to one table.
 */
export type Row = {
  figure: string;
  target: string;
  measured: string;
  baseline: string;
  /** null: a figure without a target. */
  pass: boolean | null;
  /** false: shown beside the target for information, not judged (the CPU ×4 estimate). */
  judged?: boolean;
  raw: Record<string, unknown>;
};

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}
export const median = (values: readonly number[]) => percentile(values, 50);
export const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;
export const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
