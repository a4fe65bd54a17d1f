/**
 * Reading pocketsphinx_continuous output: the hypothesis on stdout and, with `-backtrace yes`,
 * a per-word table on stderr whose acoustic scores give a confidence.
 */

export interface Backtrace {
  /** summed acoustic score (pocketsphinx's scaled log probability, <= 0) */
  acoustic: number;
  /** frames covered (100 per second) */
  frames: number;
}

/** The last non-empty stdout line is the hypothesis; pocketsphinx prints nothing when no path matched. */
export function hypothesis(stdout: string): string {
  const lines = stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.at(-1) ?? '').replace(/\s+/g, ' ');
}

/** Parse the `word start end pprob ascr lscr lback` table; null when there is none. */
export function backtrace(stderr: string): Backtrace | null {
  const lines = stderr.split('\n');
  const header = lines.findIndex((l) => /^word\s+start\s+end\s+pprob\s+ascr/.test(l));
  if (header < 0) return null;
  let acoustic = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = -1;
  for (const line of lines.slice(header + 1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 7 || !/^-?\d+$/.test(cols[1]!) || !/^-?\d+$/.test(cols[4]!)) break;
    first = Math.min(first, Number(cols[1]));
    last = Math.max(last, Number(cols[2]));
    acoustic += Number(cols[4]);
  }
  if (last < 0) return null;
  return { acoustic, frames: last - first + 1 };
}

/**
 * Confidence from the grammar path's acoustic score against an unconstrained phone loop on the same
 * audio (the usual pocketsphinx normaliser): the per-frame gap, mapped with a logistic centred at 15.
 * On espeak-ng voices right phrases gave gaps of ~3-16 and grammar-forced wrong phrases ~14-23, so
 * this ranks results but does not separate near misses ("open fire box" scores like "open firefox").
 */
export function confidenceOf(grammar: Backtrace | null, phoneLoop: Backtrace | null): number {
  if (!grammar || grammar.frames <= 0) return 0;
  if (!phoneLoop || phoneLoop.frames <= 0) return 0.5;
  const gap = phoneLoop.acoustic / phoneLoop.frames - grammar.acoustic / grammar.frames;
  const confidence = 1 / (1 + Math.exp((Math.max(0, gap) - 15) / 2.5));
  return Math.round(confidence * 1000) / 1000;
}
