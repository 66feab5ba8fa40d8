/**
 * Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a counter, tagged with the
 * node (device) id. Serialised so that plain string comparison orders clocks: per-field merge in
 * merge.ts compares these strings, on the phone and on the server alike.
 *
 * Format: 11 base-36 digits of milliseconds, '-', 5 base-36 digits of counter, '-', node id.
 */
export type Hlc = { millis: number; counter: number; node: string };

const MILLIS_WIDTH = 11;
const COUNTER_WIDTH = 5;
const MAX_COUNTER = 36 ** COUNTER_WIDTH - 1;
export const HLC_PATTERN = /^[0-9a-z]{11}-[0-9a-z]{5}-[0-9A-Za-z_-]{1,64}$/;

export function formatHlc(clock: Hlc): string {
  return `${clock.millis.toString(36).padStart(MILLIS_WIDTH, '0')}-${clock.counter
    .toString(36)
    .padStart(COUNTER_WIDTH, '0')}-${clock.node}`;
}

export function parseHlc(value: string): Hlc {
  if (!HLC_PATTERN.test(value)) throw new Error(`Not a clock: ${value}`);
  const [millis = '', counter = '', ...node] = value.split('-');
  return { millis: parseInt(millis, 36), counter: parseInt(counter, 36), node: node.join('-') };
}

/** The clock for a local event: never behind the last one issued, never behind the wall clock. */
export function tickHlc(last: Hlc, now: number): Hlc {
  if (now > last.millis) return { millis: now, counter: 0, node: last.node };
  if (last.counter >= MAX_COUNTER) return { millis: last.millis + 1, counter: 0, node: last.node };
  return { millis: last.millis, counter: last.counter + 1, node: last.node };
}

/** The clock after seeing a remote one: ahead of both, so causality is kept across devices. */
export function receiveHlc(local: Hlc, remote: Hlc, now: number): Hlc {
  const millis = Math.max(local.millis, remote.millis, now);
  let counter: number;
  if (millis === local.millis && millis === remote.millis)
    counter = Math.max(local.counter, remote.counter) + 1;
  else if (millis === local.millis) counter = local.counter + 1;
  else if (millis === remote.millis) counter = remote.counter + 1;
  else counter = 0;
  if (counter > MAX_COUNTER) return { millis: millis + 1, counter: 0, node: local.node };
  return { millis, counter, node: local.node };
}

/**
 * The first clock on `node` that sorts after `stored` and is not behind `now`: for a write that must
 * win over the stored value even when the clock that wrote it ran ahead.
 */
export function clockAfter(stored: string, node: string, now = 0): string {
  if (stored === '') return formatHlc({ millis: now, counter: 0, node });
  return formatHlc(tickHlc({ ...parseHlc(stored), node }, now));
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A clock after the latest of `stored` (`''` entries count as none): one write that wins over all of them. */
export function clockAfterAll(stored: readonly string[], node: string, now = 0): string {
  let latest = '';
  for (const clock of stored) if (compareHlc(clock, latest) > 0) latest = clock;
  return clockAfter(latest, node, now);
}
