/**
 * A JSGF grammar of every command phrasing, for grammar-based recognisers (pocketsphinx).
 * Filler words ("hey beckon", "please", "um") are left out by default: with them, pocketsphinx
 * let short fillers swallow command words (espeak-ng speech, 17 commands x 4 voices: 62/68 right
 * intents without fillers, far fewer with them). `{ fillers: true }` puts them back.
 * A grammar cannot hold free text, so a free-text slot ({text} of "type ...") offers only its
 * small closed vocabulary (`grammarSamples`: "hello world", numbers, yes/no); dictation of
 * arbitrary text needs an open-vocabulary recogniser (whisper).
 */
import { BUILTIN_COMMANDS, type CommandRegistry, type SlotDef } from './registry.ts';
import { parsePattern, type PatternNode } from './pattern.ts';

export const JSGF_PREFIXES = ['hey beckon', 'beckon', 'please', 'could you', 'can you', 'would you', 'um', 'uh', 'okay'];
export const JSGF_SUFFIXES = ['please', 'for me', 'now'];

function ruleName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

function nodesToJsgf(nodes: PatternNode[], slotRule: (name: string) => string): string {
  return nodes
    .map((n) => {
      if (n.kind === 'word') return n.word;
      if (n.kind === 'slot') return `<${slotRule(n.name)}>`;
      const inner = n.options.map((o) => nodesToJsgf(o, slotRule)).join(' | ');
      return n.optional ? `[${inner}]` : `(${inner})`;
    })
    .join(' ');
}

function slotAlternatives(def: SlotDef): string[] {
  return def.kind === 'closed' ? def.values.flatMap((v) => v.phrases) : def.grammarSamples;
}

export function toJsgf(registry: CommandRegistry = BUILTIN_COMMANDS, options: { fillers?: boolean } = {}): string {
  const lines = ['#JSGF V1.0;', '', 'grammar beckon;', ''];
  const commandRules = registry.map((c) => `<${ruleName(c.name)}>`);
  if (options.fillers) {
    lines.push(`public <command> = [<prefix>] (${commandRules.join(' | ')}) [<suffix>];`, '');
    lines.push(`<prefix> = ${JSGF_PREFIXES.join(' | ')};`);
    lines.push(`<suffix> = ${JSGF_SUFFIXES.join(' | ')};`, '');
  } else {
    lines.push(`public <command> = ${commandRules.join(' | ')};`, '');
  }
  const slotRules: string[] = [];
  for (const command of registry) {
    const slotRule = (slot: string) => `${ruleName(command.name)}_${ruleName(slot)}`;
    const body = command.patterns.map((p) => nodesToJsgf(parsePattern(p), slotRule)).join(' | ');
    lines.push(`<${ruleName(command.name)}> = ${body};`);
    for (const [slot, def] of Object.entries(command.slots ?? {})) {
      const values = [...new Set(slotAlternatives(def).map((v) => v.toLowerCase()))];
      slotRules.push(`<${slotRule(slot)}> = ${values.join(' | ')};`);
    }
  }
  lines.push('', ...slotRules, '');
  return lines.join('\n');
}
