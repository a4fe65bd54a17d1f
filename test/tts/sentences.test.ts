import { describe, expect, it } from 'vitest';
import { SentenceSplitter } from '../../main/tts/sentences.ts';

/** Feed text in chunks of `size` characters; return everything push() and flush() gave. */
function split(text: string, size = text.length): { pushed: string[]; flushed: string[] } {
  const s = new SentenceSplitter();
  const pushed: string[] = [];
  for (let i = 0; i < text.length; i += size) pushed.push(...s.push(text.slice(i, i + size)));
  return { pushed, flushed: s.flush() };
}

const all = (text: string, size?: number) => {
  const { pushed, flushed } = split(text, size);
  return [...pushed, ...flushed];
};

describe('SentenceSplitter', () => {
  it('splits at . ! ? followed by a space and keeps the last sentence for flush()', () => {
    const { pushed, flushed } = split('Hello there. How are you? Great! Bye');
    expect(pushed).toEqual(['Hello there.', 'How are you?', 'Great!']);
    expect(flushed).toEqual(['Bye']);
  });

  it('waits for the character after a terminator before deciding', () => {
    const s = new SentenceSplitter();
    expect(s.push('It costs 3.')).toEqual([]);
    expect(s.push('5 euros. Then')).toEqual(['It costs 3.5 euros.']);
    expect(s.flush()).toEqual(['Then']);
  });

  it('does not split after abbreviations, initials and acronyms', () => {
    expect(all('Dr. Smith met Mr. J. Brown in the U.S. last week. He left.')).toEqual([
      'Dr. Smith met Mr. J. Brown in the U.S. last week.',
      'He left.',
    ]);
    expect(all('Bring fruit, e.g. apples. Thanks.')).toEqual(['Bring fruit, e.g. apples.', 'Thanks.']);
  });

  it('keeps decimals, versions and domains whole', () => {
    expect(all('Pi is 3.14159 and the file is on example.com today. Done.')).toEqual([
      'Pi is 3.14159 and the file is on example.com today.',
      'Done.',
    ]);
  });

  it('treats an ellipsis before a lowercase word as a pause, before a capital as an end', () => {
    expect(all('Well... maybe. Hmm… OK then.')).toEqual(['Well... maybe.', 'Hmm…', 'OK then.']);
  });

  it('splits CJK text at 。！？ without spaces and keeps closing quotes', () => {
    expect(all('你好。今天天气很好！你要去哪里？我不知道')).toEqual(['你好。', '今天天气很好！', '你要去哪里？', '我不知道']);
    expect(all('他说：“好。”然后走了。')).toEqual(['他说：“好。”', '然后走了。']);
  });

  it('keeps closing quotes and brackets with the sentence', () => {
    expect(all('She said "stop." Then (quietly.) we left.')).toEqual(['She said "stop."', 'Then (quietly.)', 'we left.']);
  });

  it('splits at newlines and keeps list numbers with their item', () => {
    expect(all('Steps:\n1. Open the lid.\n2. Pour.')).toEqual(['Steps:', '1. Open the lid.', '2. Pour.']);
  });

  it('gives the same sentences whatever the chunk size (token streaming)', () => {
    const text = 'Dr. Who paid 3.50 today... then left. 你好。Really?! Yes. End';
    const whole = all(text);
    for (const size of [1, 2, 3, 5, 7]) expect(all(text, size)).toEqual(whole);
    expect(whole).toEqual(['Dr. Who paid 3.50 today... then left.', '你好。', 'Really?!', 'Yes.', 'End']);
  });

  it('cuts a run-on text at a comma or space so speech does not wait for it', () => {
    const s = new SentenceSplitter({ maxChars: 40 });
    const out = s.push('this goes on and on without any end, because nobody stops it and it keeps going');
    expect(out.length).toBeGreaterThan(0);
    for (const piece of out) expect(piece.length).toBeLessThanOrEqual(40);
    expect(out[0]).toBe('this goes on and on without any end,');
    expect([...out, ...s.flush()].join(' ')).toBe('this goes on and on without any end, because nobody stops it and it keeps going');
  });

  it('returns nothing for whitespace and empty flushes', () => {
    const s = new SentenceSplitter();
    expect(s.push('   ')).toEqual([]);
    expect(s.flush()).toEqual([]);
    expect(s.flush()).toEqual([]);
  });
});
