/**
 * Deciding between pocketsphinx's grammar result and its free (en-us language model) decode of the
 * same audio. On espeak-ng voices the grammar forces questions into command phrases at confidences
 * up to ~0.6 ("how do I cook rice" -> "pardon" 0.59), while right commands can score as low as 0.05,
 * so confidence alone cannot tell them apart; agreement with the free decode can.
 */

/**
 * Confidence reported for a dictated (free) result: the free decode's acoustic score is not comparable
 * with a grammar's, and this keeps it well below a command's, so it reads as chat.
 */
export const DICTATION_CONFIDENCE = 0.3;

/** Largest word edit distance, as a share of the longer phrase, at which the free decode confirms the grammar. */
const CONFIRM_MAX_DISTANCE = 0.34;

function words(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/** Levenshtein distance over words. */
export function wordDistance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** True when the free decode heard (nearly) the grammar's phrase, so the command stands. */
export function grammarConfirmed(grammarText: string, freeText: string): boolean {
  const a = words(grammarText);
  const b = words(freeText);
  if (a.length === 0) return false;
  return wordDistance(a, b) / Math.max(a.length, b.length) <= CONFIRM_MAX_DISTANCE;
}

/**
 * Extra decoder options for the dictation decode, from test/bench/dictation-tuning.ts (8 espeak-ng
 * questions x 3 voices, long-lived decoder): at most 10,000 active HMMs per frame cut the decode from
 * ~330 to ~290 ms per utterance with 63-67/129 words right (67 without). Skipping the flat-lexicon
 * pass (`-fwdflat no`, ~250 ms) lost 6 words on one audio set and "why is" in en-us 160 wpm;
 * narrower beams, `-ds 2` and `-topn 2` were faster but lost 13-40 words.
 */
export const DICTATION_OPTIONS: string[] = ['-maxhmmpf', '10000'];

/**
 * The pronunciation dictionary cut to the language model's vocabulary. pocketsphinx searches only
 * words the LM knows, but reads every dictionary entry at start-up (cmudict: 134,723 entries, the
 * en-us LM: 72,547 words). The vocabulary of a binary (trie) LM is its last section, NUL-separated
 * words after a count in its header; an ARPA LM lists it under `\1-grams:`. Null when the vocabulary cannot be read.
 */
export function lmVocabulary(lm: Buffer): Set<string> | null {
  const header = 'Trie Language Model';
  if (lm.length > 24 && lm.subarray(0, header.length).toString('latin1') === header) {
    // header, order (1 byte), then the n-gram counts (uint32 LE), the first being the vocabulary size
    const size = lm.readUInt32LE(header.length + 1);
    let start = lm.length - 1; // the last word ends with a NUL too
    for (let seen = 0; start > 0; start--) if (lm[start - 1] === 0 && ++seen === size) break;
    const vocabulary = lm.subarray(start, lm.length - 1).toString('latin1').split('\0');
    return vocabulary.length === size ? new Set(vocabulary) : null;
  }
  const text = lm.toString('latin1');
  const begin = text.indexOf('\\1-grams:');
  if (begin < 0) return null;
  const end = text.indexOf('\\2-grams:', begin);
  const vocabulary = text
    .slice(begin + 9, end < 0 ? undefined : end)
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[1])
    .filter((w): w is string => !!w);
  return vocabulary.length > 0 ? new Set(vocabulary) : null;
}

/** Dictionary entries (`word PH ONES`, alternates as `word(2)`) whose word the LM knows; the whole dictionary when its vocabulary is unreadable. */
export function dictionaryForLm(dictionary: string, vocabulary: Set<string> | null): string {
  if (!vocabulary) return dictionary;
  return dictionary
    .split('\n')
    .filter((line) => vocabulary.has(line.slice(0, line.search(/[\s(]|$/))))
    .join('\n')
    .concat('\n');
}
