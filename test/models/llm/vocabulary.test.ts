/** The self-made byte-level BPE vocabulary: consistent tokens and merges (tokenizer plumbing; no trained model). */
import { describe, expect, it } from 'vitest';
import { buildVocabulary, bytesToUnicode, learnMerges, SPECIAL_TOKENS, TokenType } from '../../../main/models/llm/vocabulary.ts';

describe('buildVocabulary', () => {
  const vocab = buildVocabulary();

  it('starts with the 256 distinct GPT-2 byte symbols (space is Ġ, newline Ċ)', () => {
    const symbols = bytesToUnicode();
    expect(new Set(symbols).size).toBe(256);
    expect(vocab.tokens.slice(0, 256)).toEqual(symbols);
    expect(symbols[0x20]).toBe('Ġ');
    expect(symbols[0x0a]).toBe('Ċ');
    expect(symbols[0x41]).toBe('A');
  });

  it('has a few hundred merges whose halves and joins are all tokens, every token unique', () => {
    expect(vocab.merges.length).toBeGreaterThanOrEqual(200);
    const ids = new Set(vocab.tokens);
    expect(ids.size).toBe(vocab.tokens.length);
    for (const merge of vocab.merges) {
      const parts = merge.split(' ');
      expect(parts).toHaveLength(2);
      expect(ids.has(parts[0]!), merge).toBe(true);
      expect(ids.has(parts[1]!), merge).toBe(true);
      expect(ids.has(parts.join('')), merge).toBe(true);
    }
  });

  it('ends with the Qwen special tokens as control tokens; bos/pad <|endoftext|>, eos <|im_end|>', () => {
    for (const special of SPECIAL_TOKENS) expect(vocab.types[vocab.tokens.indexOf(special)]).toBe(TokenType.CONTROL);
    expect(vocab.tokens[vocab.bosId]).toBe('<|endoftext|>');
    expect(vocab.tokens[vocab.eosId]).toBe('<|im_end|>');
    expect(vocab.padId).toBe(vocab.bosId);
  });

  it('pads to a real model size with unique unused tokens', () => {
    const padded = buildVocabulary({ padToSize: 2000 });
    expect(padded.tokens).toHaveLength(2000);
    expect(new Set(padded.tokens).size).toBe(2000);
    expect(padded.types.at(-1)).toBe(TokenType.NORMAL);
    expect(padded.tokens.at(-1)).toMatch(/^\u0120w\d+$/);
    expect(padded.tokens.slice(0, vocab.tokens.length)).toEqual(vocab.tokens);
    expect(() => buildVocabulary({ padToSize: 10 })).toThrow(/does not fit/);
  });

  it('learns the most frequent pair first', () => {
    expect(learnMerges('ab ab ab cd', 1)).toEqual(['a b']);
  });
});
