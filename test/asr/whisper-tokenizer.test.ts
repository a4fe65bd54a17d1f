/**
 * Whisper byte-level BPE tokenizer, read from the generated model's HF tokenizer.json.
 * Plumbing, not accuracy: round trips (English, Mandarin, emoji), merges, special-token ids.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToUnicode, WhisperTokenizer } from '../../main/asr/engines/whisper/tokenizer.ts';
import { ensureTestWhisperModel, NO_TORCH_REASON, torchAvailable } from './whisper/fixture.ts';

const hasTorch = await torchAvailable();
if (!hasTorch) console.warn(`skipping Whisper tokenizer tests: ${NO_TORCH_REASON}`);

describe('bytesToUnicode', () => {
  it('maps all 256 bytes to distinct printable characters, keeping printable ASCII as itself', () => {
    const table = bytesToUnicode();
    expect(table.size).toBe(256);
    expect(new Set(table.values()).size).toBe(256);
    expect(table.get('a'.charCodeAt(0))).toBe('a');
    expect(table.get(0x20)).toBe('Ġ'); // the space GPT-2 vocabularies are known for
    for (const ch of table.values()) expect(ch).not.toMatch(/\s/);
  });
});

describe.skipIf(!hasTorch)('WhisperTokenizer (generated tokenizer.json)', () => {
  let json: { model: { vocab: Record<string, number>; merges: string[] }; added_tokens: { id: number; content: string }[] };
  let tok: WhisperTokenizer;
  beforeAll(async () => {
    const dir = await ensureTestWhisperModel();
    json = JSON.parse(readFileSync(join(dir, 'tokenizer.json'), 'utf8'));
    tok = WhisperTokenizer.fromFile(join(dir, 'tokenizer.json'));
  });

  it('round-trips English, Mandarin and emoji text through encode and decode', () => {
    for (const text of [' turn on the lights', ' 你好，今天天气怎么样？', 'mixed 中文 and English 123!', ' 👋 hello']) {
      const ids = tok.encode(text);
      expect(ids.every((id) => !tok.isSpecial(id))).toBe(true);
      expect(tok.decode(ids)).toBe(text);
    }
  });

  it('applies the merges: a merged token is one id, not its bytes', () => {
    const merged = Object.keys(json.model.vocab).find((t) => t === 'Ġthe');
    expect(merged).toBeDefined();
    expect(tok.encode(' the')).toEqual([json.model.vocab['Ġthe']]);
    expect(tok.encode(' the').length).toBeLessThan(new TextEncoder().encode(' the').length);
  });

  it('finds the special tokens and languages at the ids tokenizer.json gives them', () => {
    const id = (c: string) => json.added_tokens.find((t) => t.content === c)!.id;
    expect(tok.eot).toBe(id('<|endoftext|>'));
    expect(tok.sot).toBe(id('<|startoftranscript|>'));
    expect(tok.transcribe).toBe(id('<|transcribe|>'));
    expect(tok.noTimestamps).toBe(id('<|notimestamps|>'));
    expect(tok.noSpeech).toBe(id('<|nocaptions|>'));
    expect(tok.languages.get('en')).toBe(id('<|en|>'));
    expect(tok.languages.get('zh')).toBe(id('<|zh|>'));
    expect([...tok.languages.keys()].slice(0, 2)).toEqual(['en', 'zh']);
    expect(tok.languages.has('transcribe')).toBe(false);
  });

  it('drops special tokens when decoding', () => {
    const ids = [tok.sot, tok.languages.get('en')!, ...tok.encode(' hi'), tok.eot];
    expect(tok.decode(ids)).toBe(' hi');
  });

  it('decodes bytes across token boundaries (a Mandarin character split into byte tokens)', () => {
    const bytes = [...new TextEncoder().encode('灯')].map((b) => bytesToUnicode().get(b)!);
    const ids = bytes.map((ch) => json.model.vocab[ch]!);
    expect(ids).toHaveLength(3);
    expect(tok.decode(ids)).toBe('灯');
  });

  it('reads merges given as pairs (newer tokenizer.json files) the same as "a b" strings', () => {
    const pairs = { ...json, model: { ...json.model, merges: json.model.merges.map((m) => m.split(' ')) } };
    const other = new WhisperTokenizer(pairs as never);
    const text = ' what is the weather today';
    expect(other.encode(text)).toEqual(tok.encode(text));
  });
});
