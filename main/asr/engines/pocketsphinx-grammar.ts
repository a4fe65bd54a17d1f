/**
 * JSGF helpers for the pocketsphinx engine. Loading the full CMU dictionary (135k words) costs
 * ~90 ms per decoder start; a dictionary cut down to the grammar's words loads in ~1 ms, which is
 * what makes one short-lived process per utterance cheap.
 */
import { BeckonError } from '../../common/errors.ts';

const GRAMMAR_HINT = 'Check the JSGF text: "#JSGF V1.0; grammar name; public <rule> = words | more words ;", and use only words in the CMU dictionary.';

/** The spoken words of a JSGF grammar (rule names, tags, weights and operators removed). */
export function grammarWords(jsgf: string): string[] {
  const body = jsgf
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .split(';')
    .filter((statement) => !/^\s*(#JSGF|grammar\b|import\b)/.test(statement))
    .map((statement) => statement.replace(/^[^=]*=/, ' '))
    .join(' ');
  const stripped = body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\/[0-9.eE+-]+\//g, ' ')
    .replace(/"([^"]*)"/g, ' $1 ')
    .replace(/[|()[\]*+=]/g, ' ');
  const words = new Set<string>();
  for (const token of stripped.split(/\s+/)) if (token) words.add(token);
  return [...words];
}

/** Cheap structural checks; pocketsphinx's own parser gives the final word (see init()). */
export function checkGrammar(jsgf: string): void {
  if (!/#JSGF\s+V1\.0/i.test(jsgf)) throw invalidGrammar('it does not start with "#JSGF V1.0;"');
  if (!/\bpublic\s+<[^>]+>\s*=/.test(jsgf)) throw invalidGrammar('it has no public rule');
  if (grammarWords(jsgf).length === 0) throw invalidGrammar('it has no words');
}

export function invalidGrammar(reason: string): BeckonError {
  return new BeckonError('ASR_GRAMMAR_INVALID', `the speech grammar is invalid: ${reason}`, GRAMMAR_HINT);
}

/**
 * The lines of `dictionary` (CMU format: `word PH ONES`, alternates as `word(2) ...`) for the given
 * words, matched case-insensitively as pocketsphinx does. Throws when a word has no pronunciation.
 */
export function dictionaryFor(words: string[], dictionary: string): string {
  const wanted = new Map(words.map((w) => [w.toLowerCase(), w]));
  const lines: string[] = [];
  const found = new Set<string>();
  for (const line of dictionary.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const head = line.slice(0, space).toLowerCase();
    const base = head.replace(/\(\d+\)$/, '');
    const original = wanted.get(base);
    if (original === undefined) continue;
    found.add(base);
    const phones = line.slice(space + 1).replace(/#.*$/, '').trim();
    lines.push(`${original}${head.slice(base.length)} ${phones}`);
  }
  const missing = [...wanted.keys()].filter((w) => !found.has(w));
  if (missing.length > 0) {
    throw new BeckonError(
      'ASR_GRAMMAR_INVALID',
      `the speech grammar uses words the pronunciation dictionary does not know: ${missing.slice(0, 10).join(', ')}`,
      'Spell these words differently in the command phrases (e.g. "fire fox"), or add them to the dictionary.',
    );
  }
  return lines.join('\n') + '\n';
}
