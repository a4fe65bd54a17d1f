/**
 * A self-made GPT-2 style byte-level BPE vocabulary for test GGUF files (tokenizer.ggml.model
 * "gpt2", pre-tokenizer "qwen2"). The 256 byte symbols of GPT-2's bytes_to_unicode mapping come
 * first (id = byte value), then tokens learned by BPE from a small built-in English text, then the
 * Qwen special tokens. Any UTF-8 text tokenizes (every byte has a token); the vocabulary is small and
 * the model weights are random, so it tests tokenizer plumbing, never answers.
 */
import { QWEN25_CHAT_TEMPLATE } from './chat-template.ts';
import type { Metadata } from './gguf-writer.ts';

/** llama.cpp's token types */
export enum TokenType {
  NORMAL = 1,
  CONTROL = 3,
  UNUSED = 5,
}

export interface Vocabulary {
  tokens: string[];
  types: number[];
  /** "a b" pairs in merge order (rank) */
  merges: string[];
  bosId: number;
  eosId: number;
  padId: number;
}

export const SPECIAL_TOKENS = ['<|endoftext|>', '<|im_start|>', '<|im_end|>'] as const;

/**
 * Text the merges are learned from: Beckon's command phrases, chat words and common English. Fixed
 * here (not read from the command registry) so the vocabulary, and the built file's sha256, only
 * change when this file does.
 */
const TRAINING_TEXT = `
hello world hello beckon yes no okay thank you thanks please sorry
zero one two three four five six seven eight nine ten eleven twelve twenty hundred
volume up turn the volume up volume down turn it down turn the volume down mute toggle mute
play music pause the music next song previous track open firefox open the browser alt tab switch window
scroll up page up go up scroll down page down go down type hello world
tell me the time what is the current time what time is it what is the weather
be quiet forget it stop come again pardon say that again what can i say help what can you do
open this close that move that there close the window minimize the window maximize the window
You are Beckon, a helpful voice assistant on the desktop. Answer briefly in one or two sentences.
The user is pointing at the screen. The user looks happy. The user looks sad. The active app is the terminal.
I can turn the volume up, play music, open an app, scroll the page and tell you the time.
Sure, I will do that now. Done. I did not understand that, could you say it again?
the of and to in is it that for on with as was at by this be are from or have an they which not but
what when where who how why there their would will can could should about into more some time
people year good new first last long great little other old right big high small large next early
young important public bad same able back after before over under again because through while
system user assistant tool call function name arguments result error true false null value
{"name": "set_volume", "arguments": {"level": 50}} {"tool": "open_app", "app": "firefox"}
`;

/** GPT-2's bytes_to_unicode: printable stand-ins for all 256 bytes (spaces become Ġ, newlines Ċ). */
export function bytesToUnicode(): string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map: string[] = new Array(256);
  let n = 0;
  for (let b = 0; b < 256; b++) map[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + n++);
  return map;
}

/** llama.cpp's qwen2 pre-tokenizer split (LLAMA_VOCAB_PRE_TYPE_QWEN2) */
const QWEN2_SPLIT = /(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

/** Learn `maxMerges` BPE merges from text (most frequent pair first; ties broken by the pair's text). */
export function learnMerges(text: string, maxMerges: number): string[] {
  const byteSymbols = bytesToUnicode();
  const wordCounts = new Map<string, number>();
  for (const piece of text.match(QWEN2_SPLIT) ?? []) wordCounts.set(piece, (wordCounts.get(piece) ?? 0) + 1);
  const words = [...wordCounts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([piece, count]) => ({ symbols: [...Buffer.from(piece, 'utf8')].map((b) => byteSymbols[b]!), count }));
  const merges: string[] = [];
  while (merges.length < maxMerges) {
    const pairs = new Map<string, number>();
    for (const w of words) {
      for (let i = 0; i + 1 < w.symbols.length; i++) {
        const key = `${w.symbols[i]} ${w.symbols[i + 1]}`;
        pairs.set(key, (pairs.get(key) ?? 0) + w.count);
      }
    }
    let best: string | undefined;
    let bestCount = 0;
    for (const [key, count] of pairs) {
      if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
        best = key;
        bestCount = count;
      }
    }
    if (best === undefined) break;
    merges.push(best);
    const [left, right] = best.split(' ') as [string, string];
    for (const w of words) {
      const next: string[] = [];
      for (let i = 0; i < w.symbols.length; i++) {
        if (i + 1 < w.symbols.length && w.symbols[i] === left && w.symbols[i + 1] === right) {
          next.push(left + right);
          i++;
        } else next.push(w.symbols[i]!);
      }
      w.symbols = next;
    }
  }
  return merges;
}

/**
 * The vocabulary: bytes, learned tokens, the specials; padded to `padToSize` when given (so the
 * embedding has the row count a real model has) with unique ordinary word pieces " w<n>". They are
 * NORMAL tokens, as the 150k pieces of a real vocabulary are: a random model picks among them almost
 * every time, and unused tokens would print nothing, so a benchmark would see no text at all.
 */
export function buildVocabulary(opts: { merges?: number; padToSize?: number } = {}): Vocabulary {
  const tokens = bytesToUnicode();
  const types: number[] = tokens.map(() => TokenType.NORMAL);
  const merges = learnMerges(TRAINING_TEXT, opts.merges ?? 300);
  const seen = new Set(tokens);
  for (const merge of merges) {
    const token = merge.replace(' ', '');
    if (seen.has(token)) continue;
    seen.add(token);
    tokens.push(token);
    types.push(TokenType.NORMAL);
  }
  const specialIds = SPECIAL_TOKENS.map((special) => {
    tokens.push(special);
    types.push(TokenType.CONTROL);
    return tokens.length - 1;
  });
  const size = opts.padToSize ?? tokens.length;
  if (size < tokens.length) throw new Error(`vocabulary of ${tokens.length} tokens does not fit in ${size}`);
  while (tokens.length < size) {
    tokens.push(`\u0120w${tokens.length}`); // U+0120 is the byte-level space
    types.push(TokenType.NORMAL);
  }
  const [endOfText, , imEnd] = specialIds as [number, number, number];
  // as in Qwen2.5's own GGUF files: bos/pad <|endoftext|>, eos <|im_end|>, no bos added
  return { tokens, types, merges, bosId: endOfText, eosId: imEnd, padId: endOfText };
}

/** The tokenizer.* metadata of a vocabulary, with Qwen2.5's ChatML template. */
export function tokenizerMetadata(vocab: Vocabulary): Metadata {
  return [
    ['tokenizer.ggml.model', { type: 'string', value: 'gpt2' }],
    ['tokenizer.ggml.pre', { type: 'string', value: 'qwen2' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: vocab.tokens }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: vocab.types }],
    ['tokenizer.ggml.merges', { type: 'string[]', value: vocab.merges }],
    ['tokenizer.ggml.bos_token_id', { type: 'u32', value: vocab.bosId }],
    ['tokenizer.ggml.eos_token_id', { type: 'u32', value: vocab.eosId }],
    ['tokenizer.ggml.padding_token_id', { type: 'u32', value: vocab.padId }],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: QWEN25_CHAT_TEMPLATE }],
  ];
}
