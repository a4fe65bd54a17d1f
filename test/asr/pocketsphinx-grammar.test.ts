import { describe, expect, it } from 'vitest';
import { checkGrammar, dictionaryFor, grammarWords } from '../../main/asr/engines/pocketsphinx-grammar.ts';
import { backtrace, confidenceOf, hypothesis } from '../../main/asr/engines/pocketsphinx-output.ts';

describe('grammarWords', () => {
  it('keeps the spoken words and drops rule names, tags, weights, comments and operators', () => {
    const jsgf = `#JSGF V1.0;
grammar music; // a comment with words
/* block comment volume */
<song> = /2/ jazz | "rock and roll" {genre} ;
public <cmd> = (play [some] <song>)+ | Pause the music* ;`;
    expect(grammarWords(jsgf).sort()).toEqual(['Pause', 'and', 'jazz', 'music', 'play', 'rock', 'roll', 'some', 'the'].sort());
  });

  it('checkGrammar refuses text that is not JSGF', () => {
    expect(() => checkGrammar('open firefox')).toThrow(/JSGF/);
  });
});

describe('dictionaryFor', () => {
  const dict = 'the DH AH\nthe(2) DH IY\nthem DH EH M\nmusic M Y UW Z IH K # comment\n';
  it('picks the words and their alternate pronunciations, case-insensitively', () => {
    expect(dictionaryFor(['the', 'Music'], dict)).toBe('the DH AH\nthe(2) DH IY\nMusic M Y UW Z IH K\n');
  });
  it('throws naming the unknown words', () => {
    expect(() => dictionaryFor(['the', 'zorb'], dict)).toThrow(/zorb/);
  });
});

describe('pocketsphinx output', () => {
  const table = `INFO: fsg_search.c(870): fsg 0.01 wall 0.008 xRT
word                 start end   pprob ascr       lscr       lback
open                 0     35    1.000 -882       0          1
firefox              36    112   1.000 -1335      0          1
<sil>                113   140   1.000 -255       -337       1
INFO: fsg_search.c(263): TOTAL fsg 0.01 CPU 0.008 xRT`;

  it('reads the backtrace table', () => {
    expect(backtrace(table)).toEqual({ acoustic: -2472, frames: 141 });
    expect(backtrace('INFO: nothing')).toBeNull();
  });

  it('takes the last stdout line as the hypothesis', () => {
    expect(hypothesis('\nopen  firefox\n')).toBe('open firefox');
    expect(hypothesis('')).toBe('');
  });

  it('maps a small gap to the phone loop to high confidence and a large one to low', () => {
    const grammar = { acoustic: -2000, frames: 100 };
    const close = confidenceOf(grammar, { acoustic: -1700, frames: 100 });
    const far = confidenceOf({ acoustic: -3000, frames: 100 }, { acoustic: -200, frames: 100 });
    expect(close).toBeGreaterThan(0.9);
    expect(far).toBeLessThan(0.05);
    expect(confidenceOf(null, grammar)).toBe(0);
  });
});
