/**
 * The shell around `npm run backup` and `npm run restore`: arguments, the environment (through
 * env.ts, like the server), one line per outcome on the console and the exit code. Operators'
 * messages are in English, like the server's start-up lines.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EnvError, readEnv, type Env } from '../env';
import { DataDirInUseError } from '../db/data-dir-lock';
import { ArchiveError } from './tar';
import { PgToolError } from './pg-tools';

/** A failure the operator can act on: its message is the whole story, no stack needed. */
export class OpsError extends Error {}

/** True when `moduleUrl` is the script node was asked to run (not imported by a test). */
export function isMainModule(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

export type CliArgs = { file: string; force: boolean; pgBin: string | undefined };

export function parseCliArgs(argv: readonly string[], usage: string): CliArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { force: { type: 'boolean', default: false }, 'pg-bin': { type: 'string' } },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw new OpsError(`Usage: ${usage}`);
  return { file, force: values.force === true, pgBin: values['pg-bin'] };
}

/** Runs a command; a known failure prints one line, anything else its stack. Sets the exit code. */
export async function runCli(
  what: string,
  usage: string,
  command: (args: CliArgs, env: Env) => Promise<string>,
) {
  try {
    const args = parseCliArgs(process.argv.slice(2), usage);
    const env = readEnv();
    console.log(await command(args, env));
  } catch (error) {
    const known =
      error instanceof OpsError ||
      error instanceof ArchiveError ||
      error instanceof PgToolError ||
      error instanceof DataDirInUseError ||
      error instanceof EnvError ||
      (error instanceof TypeError &&
        (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION');
    console.error(known ? `${what} failed: ${(error as Error).message}` : error);
    process.exitCode = 1;
  }
}
