import { readFileSync } from 'node:fs';
import { BeckonError } from '../../../common/errors.ts';

/**
 * Whisper's byte-level BPE tokenizer, read from a Hugging Face tokenizer.json (model.vocab,
 * model.merges, added_tokens). Decoding is what the engine needs; encoding exists so tests can
 * round-trip text and so prompts could be added later.
 */

/** GPT-2's reversible table: every byte maps to a printable unicode character. */
export function bytesToUnicode(): Map<number, string> {
  const bs: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  return new Map(bs.map((b, i) => [b, String.fromCodePoint(cs[i]!)]));
}

const BYTE_TO_CHAR = bytesToUnicode();
const CHAR_TO_BYTE = new Map([...BYTE_TO_CHAR].map(([b, c]) => [c, b]));
// GPT-2's pre-tokenisation pattern
const PRETOKEN = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;
const LANGUAGE_TOKEN = /^<\|([a-z]{2,3})\|>$/;

interface TokenizerJson {
  model?: { type?: string; vocab?: Record<string, number>; merges?: Array<string | [string, string]> };
  added_tokens?: Array<{ id: number; content: string; special?: boolean }>;
}

export class WhisperTokenizer {
  private readonly idToToken = new Map<number, string>();
  private readonly tokenToId = new Map<string, number>();
  private readonly mergeRanks = new Map<string, number>();
  /** ids of added special tokens (<|...|>), timestamps included */
  readonly specialIds = new Set<number>();
  /** language code -> token id, in the model's order (en, zh, de, ...) */
  readonly languages = new Map<string, number>();
  readonly eot: number;
  readonly sot: number;
  readonly transcribe: number;
  readonly translate: number;
  readonly noTimestamps: number;
  /** <|nospeech|> (large-v3) or <|nocaptions|> (earlier models); undefined if the vocab has neither */
  readonly noSpeech: number | undefined;

  constructor(json: TokenizerJson) {
    const vocab = json.model?.vocab;
    if (!vocab || typeof vocab !== 'object') throw new Error('tokenizer.json has no model.vocab');
    for (const [token, id] of Object.entries(vocab)) this.add(token, id);
    (json.model?.merges ?? []).forEach((m, rank) => {
      const [a, b] = typeof m === 'string' ? splitMerge(m) : m;
      this.mergeRanks.set(`${a} ${b}`, rank);
    });
    for (const t of json.added_tokens ?? []) {
      this.add(t.content, t.id);
      if (t.special !== false || /^<\|.*\|>$/.test(t.content)) this.specialIds.add(t.id);
      const lang = LANGUAGE_TOKEN.exec(t.content)?.[1];
      if (lang) this.languages.set(lang, t.id);
    }
    this.eot = this.required('<|endoftext|>');
    this.sot = this.required('<|startoftranscript|>');
    this.transcribe = this.required('<|transcribe|>');
    this.translate = this.required('<|translate|>');
    this.noTimestamps = this.required('<|notimestamps|>');
    this.noSpeech = this.tokenToId.get('<|nospeech|>') ?? this.tokenToId.get('<|nocaptions|>');
    this.specialIds.add(this.eot);
  }

  static fromFile(path: string): WhisperTokenizer {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new BeckonError('MODEL_MISSING', `Whisper tokenizer not found: ${path}`, 'Fetch the model again: npx beckon models fetch whisper-base', { cause: err });
    }
    try {
      return new WhisperTokenizer(JSON.parse(text) as TokenizerJson);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new BeckonError('MODEL_CORRUPT', `Whisper tokenizer ${path} is unusable: ${why}`, 'Fetch the model again: npx beckon models fetch whisper-base', { cause: err });
    }
  }

  get size(): number {
    return this.idToToken.size;
  }

  id(token: string): number | undefined {
    return this.tokenToId.get(token);
  }

  token(id: number): string | undefined {
    return this.idToToken.get(id);
  }

  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }

  /** Text of the ids; special tokens are dropped and bytes are joined before UTF-8 decoding. */
  decode(ids: Iterable<number>): string {
    const bytes: number[] = [];
    for (const id of ids) {
      if (this.specialIds.has(id)) continue;
      const token = this.idToToken.get(id);
      if (token === undefined) continue;
      for (const ch of token) {
        const b = CHAR_TO_BYTE.get(ch);
        if (b !== undefined) bytes.push(b);
      }
    }
    return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
  }

  /** Byte-level BPE encoding of plain text (no special tokens). */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const piece of text.match(PRETOKEN) ?? []) {
      const chars = [...new TextEncoder().encode(piece)].map((b) => BYTE_TO_CHAR.get(b)!);
      for (const part of this.bpe(chars)) {
        const id = this.tokenToId.get(part);
        if (id === undefined) throw new Error(`token ${JSON.stringify(part)} is not in the vocabulary`);
        ids.push(id);
      }
    }
    return ids;
  }

  private bpe(parts: string[]): string[] {
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < parts.length - 1; i++) {
        const rank = this.mergeRanks.get(`${parts[i]} ${parts[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) return parts;
      const a = parts[best]!;
      const b = parts[best + 1]!;
      const merged: string[] = [];
      for (let i = 0; i < parts.length; i++) {
        if (i < parts.length - 1 && parts[i] === a && parts[i + 1] === b) {
          merged.push(a + b);
          i++;
        } else merged.push(parts[i]!);
      }
      parts = merged;
    }
  }

  private add(token: string, id: number): void {
    this.idToToken.set(id, token);
    this.tokenToId.set(token, id);
  }

  private required(token: string): number {
    const id = this.tokenToId.get(token);
    if (id === undefined) throw new Error(`the vocabulary lacks ${token}`);
    return id;
  }
}

function splitMerge(m: string): [string, string] {
  const i = m.indexOf(' ', 1); // a merge part may itself be a space-like char, never a plain space
  return [m.slice(0, i), m.slice(i + 1)];
}
