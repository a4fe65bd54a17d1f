/**
 * The phrasing notation of the command registry, kept deliberately small:
 *   word            a literal word
 *   (a|b c)         one of the alternatives
 *   (the)?  (a|b)?  an optional group
 *   {slot}          a slot, defined by the command (closed list or free text)
 * e.g. 'turn (the)? volume up', '(open|launch|start) {app}'.
 */
import { BeckonError } from '../common/errors.ts';

export type PatternNode =
  | { kind: 'word'; word: string }
  | { kind: 'slot'; name: string }
  | { kind: 'group'; options: PatternNode[][]; optional: boolean };

/** One flat phrasing after every group has been chosen. */
export type TemplateElement = { kind: 'word'; word: string } | { kind: 'slot'; name: string };

const TOKEN = /\s*(\(|\)\??|\||\{[a-z_]+\}|[^\s()|{}]+)/gy;

function lex(pattern: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < pattern.length && (m = TOKEN.exec(pattern))) tokens.push(m[1]!);
  if (TOKEN.lastIndex < pattern.trimEnd().length) {
    throw new BeckonError('BAD_PATTERN', `cannot read command pattern "${pattern}"`, 'use words, (a|b), (optional)? and {slot}');
  }
  return tokens;
}

export function parsePattern(pattern: string): PatternNode[] {
  const tokens = lex(pattern);
  let i = 0;
  const fail = (why: string): never => {
    throw new BeckonError('BAD_PATTERN', `command pattern "${pattern}": ${why}`, 'use words, (a|b), (optional)? and {slot}');
  };
  const sequence = (inGroup: boolean): PatternNode[] => {
    const nodes: PatternNode[] = [];
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (t === '|' || t.startsWith(')')) {
        if (!inGroup) fail(`unexpected "${t}"`);
        return nodes;
      }
      i++;
      if (t === '(') {
        const options = [sequence(true)];
        while (tokens[i] === '|') {
          i++;
          options.push(sequence(true));
        }
        const close = tokens[i++];
        if (close === undefined || !close.startsWith(')')) fail('unclosed "("');
        nodes.push({ kind: 'group', options, optional: close === ')?' });
      } else if (t.startsWith('{')) {
        nodes.push({ kind: 'slot', name: t.slice(1, -1) });
      } else {
        nodes.push({ kind: 'word', word: t.toLowerCase() });
      }
    }
    if (inGroup) fail('unclosed "("');
    return nodes;
  };
  return sequence(false);
}

/** Every flat phrasing a pattern allows (patterns are small, so this stays small). */
export function expandPattern(nodes: PatternNode[]): TemplateElement[][] {
  let results: TemplateElement[][] = [[]];
  for (const node of nodes) {
    if (node.kind !== 'group') {
      results = results.map((r) => [...r, node]);
      continue;
    }
    const tails = node.options.flatMap((option) => expandPattern(option));
    if (node.optional) tails.push([]);
    results = results.flatMap((r) => tails.map((tail) => [...r, ...tail]));
  }
  return results;
}

/** The words a pattern can contain (for grammar checks). */
export function patternWords(nodes: PatternNode[]): string[] {
  return nodes.flatMap((n) =>
    n.kind === 'word' ? [n.word] : n.kind === 'group' ? n.options.flatMap((o) => patternWords(o)) : [],
  );
}
