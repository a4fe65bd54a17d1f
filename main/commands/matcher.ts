/**
 * Matches an utterance against the command registry. The whole utterance (fillers aside) must be
 * a phrasing of one command, so that questions and chat ("what is the capital of France") do not
 * turn into commands. Small recognition errors are forgiven word by word (edit distance).
 */
import { distance } from 'fastest-levenshtein';
import { BUILTIN_COMMANDS, type CommandDef, type CommandRegistry, type SlotDef } from './registry.ts';
import { expandPattern, parsePattern } from './pattern.ts';
import { normalizeWords, type Token, tokenize, withoutFillers } from './normalize.ts';

export interface CommandMatch {
  name: string;
  slots: Record<string, string>;
  /** 1 for an exact phrasing, lower for each misheard word */
  confidence: number;
  /** the registry phrasing that matched, slots filled in */
  matchedPhrase: string;
}

export interface MatchOptions {
  /** matches below this confidence are dropped (default 0.8) */
  minConfidence?: number;
}

type Element =
  | { kind: 'word'; word: string }
  | { kind: 'closed'; name: string; values: { value: string; words: string[] }[] }
  | { kind: 'free'; name: string };

interface Compiled {
  command: CommandDef;
  templates: Element[][];
}

interface Alignment {
  scores: number[];
  slots: Record<string, string>;
  phrase: string[];
  free: boolean;
}

const FREE_TEXT_FACTOR = 0.95;
const compiledCache = new WeakMap<CommandRegistry, Compiled[]>();

function compile(registry: CommandRegistry): Compiled[] {
  const cached = compiledCache.get(registry);
  if (cached) return cached;
  const compiled = registry.map((command) => ({
    command,
    templates: command.patterns.flatMap((p) => expandPattern(parsePattern(p))).map((t) => toElements(t, command)),
  }));
  compiledCache.set(registry, compiled);
  return compiled;
}

function toElements(template: ReturnType<typeof expandPattern>[number], command: CommandDef): Element[] {
  const elements: Element[] = [];
  let run: string[] = [];
  const flush = () => {
    for (const word of normalizeWords(run.join(' '))) elements.push({ kind: 'word', word });
    run = [];
  };
  for (const el of template) {
    if (el.kind === 'word') {
      run.push(el.word);
      continue;
    }
    flush();
    const def: SlotDef | undefined = command.slots?.[el.name];
    if (!def) throw new Error(`command ${command.name}: pattern uses undefined slot {${el.name}}`);
    elements.push(
      def.kind === 'free'
        ? { kind: 'free', name: el.name }
        : {
            kind: 'closed',
            name: el.name,
            values: def.values.flatMap((v) => v.phrases.map((p) => ({ value: v.value, words: normalizeWords(p) }))),
          },
    );
  }
  flush();
  return elements;
}

/** 1 for the same word, less for a near miss, 0 for no match. Short words must match exactly. */
export function wordScore(expected: string, heard: string): number {
  if (expected === heard) return 1;
  if (expected.length < 5 || heard[0] !== expected[0]) return 0;
  const allowed = expected.length >= 8 ? 2 : 1;
  const d = distance(expected, heard);
  return d <= allowed ? 1 - d / expected.length : 0;
}

function align(elements: Element[], tokens: Token[], text: string): Alignment[] {
  const results: Alignment[] = [];
  const walk = (ei: number, ti: number, acc: Alignment, prevEnd: number): void => {
    if (ei === elements.length) {
      if (ti === tokens.length) results.push(acc);
      return;
    }
    const el = elements[ei]!;
    if (el.kind === 'word') {
      const tok = tokens[ti];
      const score = tok ? wordScore(el.word, tok.word) : 0;
      if (score > 0) walk(ei + 1, ti + 1, { ...acc, scores: [...acc.scores, score], phrase: [...acc.phrase, el.word] }, tok!.end);
      return;
    }
    if (el.kind === 'closed') {
      for (const v of el.values) {
        const scores: number[] = [];
        for (let k = 0; k < v.words.length; k++) {
          const tok = tokens[ti + k];
          const s = tok ? wordScore(v.words[k]!, tok.word) : 0;
          if (s === 0) break;
          scores.push(s);
        }
        if (scores.length !== v.words.length) continue;
        walk(
          ei + 1,
          ti + v.words.length,
          { ...acc, scores: [...acc.scores, ...scores], slots: { ...acc.slots, [el.name]: v.value }, phrase: [...acc.phrase, ...v.words] },
          tokens[ti + v.words.length - 1]!.end,
        );
      }
      return;
    }
    // Free text: the user's own words, from just after the previous word up to the last word taken.
    const isLast = ei === elements.length - 1;
    const ends = isLast ? [tokens.length] : Array.from({ length: tokens.length - ti - 1 }, (_, i) => ti + 1 + i);
    for (const k of ends) {
      if (k <= ti) continue;
      const raw = text.slice(prevEnd, tokens[k - 1]!.end).replace(/^[\s,:;.!?]+/, '');
      if (!raw) continue;
      walk(ei + 1, k, { ...acc, slots: { ...acc.slots, [el.name]: raw }, phrase: [...acc.phrase, raw], free: true }, tokens[k - 1]!.end);
    }
  };
  walk(0, 0, { scores: [], slots: {}, phrase: [], free: false }, 0);
  return results;
}

function confidenceOf(a: Alignment): number {
  const mean = a.scores.length ? a.scores.reduce((x, y) => x + y, 0) / a.scores.length : 0;
  return a.free ? mean * FREE_TEXT_FACTOR : mean;
}

/** The best command for an utterance, or null when it is not a command (chat, questions). */
export function matchCommand(
  text: string,
  registry: CommandRegistry = BUILTIN_COMMANDS,
  options: MatchOptions = {},
): CommandMatch | null {
  const minConfidence = options.minConfidence ?? 0.8;
  const tokens = withoutFillers(tokenize(text));
  if (tokens.length === 0) return null;
  let best: { match: CommandMatch; words: number } | null = null;
  for (const { command, templates } of compile(registry)) {
    for (const template of templates) {
      if (template.length === 0) continue;
      for (const a of align(template, tokens, text)) {
        const confidence = confidenceOf(a);
        if (confidence < minConfidence) continue;
        const better =
          !best || confidence > best.match.confidence || (confidence === best.match.confidence && a.scores.length > best.words);
        if (better) {
          best = {
            match: { name: command.name, slots: a.slots, confidence: round(confidence), matchedPhrase: a.phrase.join(' ') },
            words: a.scores.length,
          };
        }
      }
    }
  }
  return best?.match ?? null;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
