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
