import { BeckonError } from '../common/errors.ts';

/** Prints a one-line reason (and what to do) and exits non-zero: how every CLI failure ends. */
export function exitWithError(err: unknown, code = 1): never {
  if (err instanceof BeckonError) {
    process.stderr.write(`beckon: ${err.message}\n`);
    if (err.hint) process.stderr.write(`  ${err.hint}\n`);
  } else {
    process.stderr.write(`beckon: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(code);
}
