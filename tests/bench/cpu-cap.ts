/**
 * A fixed CPU budget for one process, as a container's CPU limit gives an app server in a cluster:
 * a cgroup of its own with a CFS quota (cgroup v1 `cpu` controller, or v2 `cpu.max`). The scale-out
 * figure uses it on a machine with too few cores to show growth otherwise: with every server
 * process held to a quarter of a core, PostgreSQL and the load generator keep the rest, and what
 * the figure shows is whether adding processes adds throughput (they share nothing but the
 * database) rather than how many cores this machine happens to have.
 *
 * Needs root and a writable cgroup hierarchy; `cpuCapAvailable()` says whether this machine has one.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const V1 = '/sys/fs/cgroup/cpu';
const V2 = '/sys/fs/cgroup';
const PERIOD_US = 100_000;

type Hierarchy = { root: string; version: 1 | 2 };

function hierarchy(): Hierarchy | null {
  if (existsSync(join(V1, 'cpu.cfs_quota_us'))) return { root: V1, version: 1 };
  try {
    const controllers = readFileSync(join(V2, 'cgroup.controllers'), 'utf8');
    if (controllers.split(/\s+/).includes('cpu')) return { root: V2, version: 2 };
  } catch {
    // Not cgroup v2 either.
  }
  return null;
}

/** Whether a process can be given a CPU budget here (a cgroup can be made and limited). */
export function cpuCapAvailable(): boolean {
  const found = hierarchy();
  if (!found) return false;
  const probe = join(found.root, `binaan-bench-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    limit(found, probe, 0.5);
    return true;
  } catch {
    return false;
  } finally {
    try {
      rmdirSync(probe);
    } catch {
      // Never made.
    }
  }
}

function limit(found: Hierarchy, dir: string, cores: number): void {
  const quota = Math.max(1_000, Math.round(cores * PERIOD_US));
  if (found.version === 1) {
    writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
    writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
  } else {
    writeFileSync(join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
  }
}

/**
 * Holds process `pid` (all its threads) to `cores` of CPU time; returns the function that removes
 * the cgroup once the process has exited.
 */
export function capCpu(pid: number, cores: number): () => void {
  const found = hierarchy();
  if (!found) throw new Error('no cgroup cpu controller on this machine');
  const dir = join(found.root, `binaan-bench-${pid}`);
  mkdirSync(dir);
  limit(found, dir, cores);
  writeFileSync(join(dir, 'cgroup.procs'), String(pid));
  return () => {
    try {
      rmdirSync(dir);
    } catch {
      // Still holds a process (it did not exit): left for the machine's own clean-up.
    }
  };
}
