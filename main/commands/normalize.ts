/**
 * Turns an utterance into comparable tokens: lower case, no punctuation, contractions spelled
 * out, filler words removed. Each token remembers where it came from in the original text, so
 * that free-text slots can hand back the user's own words.
 */
export interface Token {
  /** normalised word */
  word: string;
  /** span in the original text */
  start: number;
  end: number;
}

const CONTRACTIONS: Record<string, string[]> = {
  "what's": ['what', 'is'],
  "that's": ['that', 'is'],
  "it's": ['it', 'is'],
  "i'd": ['i', 'would'],
  "i'm": ['i', 'am'],
  "let's": ['let', 'us'],
  "can't": ['can', 'not'],
  "don't": ['do', 'not'],
  "won't": ['will', 'not'],
  wanna: ['want', 'to'],
  gonna: ['going', 'to'],
};

/** Single words that never carry a command's meaning. */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  'um',
  'umm',
  'uh',
  'uhh',
  'er',
  'erm',
  'hmm',
  'ah',
  'please',
  'hey',
  'hi',
  'ok',
  'okay',
  'so',
  'just',
  'the',
  'beckon',
]);

/** Word sequences that never carry a command's meaning ("could you open firefox for me"). */
export const FILLER_PHRASES: readonly string[][] = [
  ['could', 'you'],
  ['can', 'you'],
  ['would', 'you'],
  ['will', 'you'],
  ['for', 'me'],
  ['i', 'want', 'to'],
  ['i', 'would', 'like', 'to'],
  ['go', 'ahead', 'and'],
];

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Every word of the text, normalised, with its span; nothing removed. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0].toLowerCase().replace(/’/g, "'");
    const start = m.index;
    const end = start + m[0].length;
    for (const word of CONTRACTIONS[raw] ?? [raw]) tokens.push({ word, start, end });
  }
  return tokens;
}

/** Drop filler words and phrases. */
export function withoutFillers(tokens: Token[]): Token[] {
  const kept: Token[] = [];
  for (let i = 0; i < tokens.length; ) {
    const phrase = FILLER_PHRASES.find((p) => p.every((w, k) => tokens[i + k]?.word === w));
    if (phrase) {
      i += phrase.length;
      continue;
    }
    if (!FILLER_WORDS.has(tokens[i]!.word)) kept.push(tokens[i]!);
    i++;
  }
  return kept;
}

/** The words of a phrase as the matcher compares them. */
export function normalizeWords(phrase: string): string[] {
  return withoutFillers(tokenize(phrase)).map((t) => t.word);
}
