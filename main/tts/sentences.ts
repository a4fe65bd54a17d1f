/**
 * Splits streaming text (LLM tokens) into sentences, so speech can start after the first sentence
 * instead of after the whole reply.
 *
 * A sentence ends at . ! ? … followed by whitespace, at CJK 。！？ (no space needed), or at a newline.
 * Closing quotes and brackets after the mark stay with the sentence. Not an end:
 *  - a '.' inside a number (3.5) or a word (example.com): no whitespace follows it;
 *  - a '.' after a known abbreviation (Dr. Mr. e.g. etc.), a single capital (J. Smith) or a dotted
 *    acronym (U.S.);
 *  - a '.' after a list number at the start of a line ("1. Open the door");
 *  - an ellipsis followed by a lowercase word ("wait... what").
 * A decision that needs the next character waits for it: push() only returns sentences that are
 * certainly complete; flush() (end of the reply) returns the rest.
 * Text with no sentence end for `maxChars` is cut at the last comma or space so speech never waits
 * long for a run-on sentence.
 */
const TERMINATORS = new Set(['.', '!', '?', '…', '。', '！', '？', '．']);
const CJK_TERMINATORS = new Set(['。', '！', '？', '．']);
const CLOSERS = new Set(['"', "'", ')', ']', '}', '»', '”', '’', '」', '』', '）', '】', '》']);
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'mt', 'fig', 'approx',
  'inc', 'ltd', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
]);

const isSpace = (c: string) => /\s/.test(c);
const isLower = (c: string) => /\p{Ll}/u.test(c);

type Decision = { kind: 'end'; at: number } | { kind: 'none'; next: number } | { kind: 'wait' };

export interface SentenceSplitterOptions {
  /** longest run without a sentence end before it is cut at a comma or space */
  maxChars?: number;
}

export class SentenceSplitter {
  private buffer = '';
  private readonly maxChars: number;

  constructor(options: SentenceSplitterOptions = {}) {
    this.maxChars = options.maxChars ?? 250;
  }

  /** Add a chunk; returns the sentences it completed, trimmed, in order. */
  push(chunk: string): string[] {
    this.buffer += chunk;
    return this.take(false);
  }

  /** End of text: returns everything still held, as sentences. */
  flush(): string[] {
    const out = this.take(true);
    const rest = this.buffer.trim();
    this.buffer = '';
    if (rest) out.push(rest);
    return out;
  }

  /** Text received but not yet returned. */
  get pending(): string {
    return this.buffer;
  }

  private take(atEnd: boolean): string[] {
    const out: string[] = [];
    let start = 0;
    let i = 0;
    const emit = (end: number) => {
      const sentence = this.buffer.slice(start, end).trim();
      if (sentence) out.push(sentence);
      start = end;
    };
    while (i < this.buffer.length) {
      const c = this.buffer[i]!;
      if (c === '\n') {
        emit(i + 1);
        i++;
        continue;
      }
      if (!TERMINATORS.has(c)) {
        i++;
        continue;
      }
      const decision = this.decide(start, i, atEnd);
      if (decision.kind === 'wait') break;
      if (decision.kind === 'end') {
        emit(decision.at);
        i = decision.at;
      } else {
        i = decision.next;
      }
    }
    this.buffer = this.buffer.slice(start);
    if (!atEnd) out.push(...this.cutRunOn());
    return out;
  }

  /** Is the terminator run starting at `i` the end of the sentence that starts at `start`? */
  private decide(start: number, i: number, atEnd: boolean): Decision {
    const b = this.buffer;
    let j = i;
    while (j < b.length && TERMINATORS.has(b[j]!)) j++;
    let k = j;
    while (k < b.length && CLOSERS.has(b[k]!)) k++;
    const run = b.slice(i, j);
    if (k >= b.length) return atEnd ? { kind: 'end', at: k } : { kind: 'wait' };
    if ([...run].some((c) => CJK_TERMINATORS.has(c))) return { kind: 'end', at: k };
    if (!isSpace(b[k]!)) return { kind: 'none', next: k };
    if (run === '.' && this.isAbbreviation(start, i)) return { kind: 'none', next: k };
    if (run === '…' || run.startsWith('..')) {
      let m = k;
      while (m < b.length && isSpace(b[m]!)) m++;
      if (m >= b.length) return atEnd ? { kind: 'end', at: k } : { kind: 'wait' };
      if (isLower(b[m]!)) return { kind: 'none', next: k };
    }
    return { kind: 'end', at: k };
  }

  private isAbbreviation(start: number, dot: number): boolean {
    const before = this.buffer.slice(start, dot);
    const word = /([\p{L}\p{N}.]+)$/u.exec(before)?.[1] ?? '';
    if (!word) return false;
    if (ABBREVIATIONS.has(word.toLowerCase())) return true;
    if (/^\p{Lu}$/u.test(word)) return true; // initial: "J. Smith"
    if (/^(\p{L}\.)+\p{L}$/u.test(word)) return true; // acronym: "U.S", "e.g"
    if (/^\d+$/.test(word) && before.trim() === word) return true; // list number at line start
    return false;
  }

  private cutRunOn(): string[] {
    const out: string[] = [];
    while (this.buffer.length > this.maxChars) {
      const window = this.buffer.slice(0, this.maxChars);
      const comma = Math.max(window.lastIndexOf(','), window.lastIndexOf('，'), window.lastIndexOf(';'));
      const space = window.lastIndexOf(' ');
      const at = comma > this.maxChars / 3 ? comma + 1 : space > 0 ? space + 1 : this.maxChars;
      const piece = this.buffer.slice(0, at).trim();
      if (piece) out.push(piece);
      this.buffer = this.buffer.slice(at);
    }
    return out;
  }
}
