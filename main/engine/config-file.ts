/**
 * The user's configuration file (JSON): fusion rules, barge-in, the language model, voice and language.
 * Everything is optional; command-line flags override it (see mergeConfigFile). Found at `--config <file>`,
 * else $BECKON_CONFIG, else $XDG_CONFIG_HOME/beckon/config.json (~/.config/beckon/config.json) if it exists.
 */
import { readFile, access } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import type { LlmChoice } from '../llm/select.ts';
import { BeckonError } from '../common/errors.ts';
import { type FusionRule, gestureMappingsOf, parseFusionRules } from '../fusion/rules.ts';
import { parseGestureMappings } from '../vision/gestures/mappings.ts';
import type { EngineConfig } from './config.ts';

const LlmSchema = z.strictObject({
  /** base URL of an OpenAI-compatible server */
  url: z.url({ protocol: /^https?$/ }).optional(),
  model: z.string().min(1).max(200).optional(),
  /** a GGUF model file; a relative path is relative to the configuration file's folder */
  gguf: z.string().min(1).max(4096).optional(),
  contextSize: z.int().min(256).max(131_072).optional(),
  gpuLayers: z.union([z.literal('auto'), z.literal('max'), z.int().min(0).max(1000)]).optional(),
  maxTokens: z.int().min(1).max(131_072).optional(),
  temperature: z.number().min(0).max(2).optional(),
}) satisfies z.ZodType<LlmChoice>; // the file's llm section is the engine's LlmChoice: one shape, checked here

export const ConfigFileSchema = z.strictObject({
  /** an editor hint ("$schema") is allowed and ignored */
  $schema: z.string().optional(),
  fusion: z.strictObject({ rules: z.unknown().optional() }).optional(),
  bargeIn: z.enum(['voice', 'gesture-only', 'off']).optional(),
  llm: LlmSchema.optional(),
  tts: z.strictObject({ voice: z.string().min(1).max(64).optional() }).optional(),
  asr: z.strictObject({ lang: z.string().min(2).max(16).optional() }).optional(),
});

type ParsedFile = z.infer<typeof ConfigFileSchema>;
export type BeckonConfigFile = Omit<ParsedFile, 'fusion' | '$schema'> & {
  fusion?: { rules?: FusionRule[] };
  /** the absolute path it was read from */
  path: string;
};

const HINT = 'See docs/config.example.json for every setting; all of them are optional.';

/** Reads and validates a configuration file. Errors name the file and the first problem's JSON path. */
export async function loadConfigFile(path: string): Promise<BeckonConfigFile> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new BeckonError('CONFIG_MISSING', `configuration file not found: ${file}`, 'Check the path given to --config or $BECKON_CONFIG.');
    throw new BeckonError('CONFIG_MISSING', `cannot read configuration file ${file}: ${(err as Error).message}`, 'Check that it is a readable file.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BeckonError('CONFIG_INVALID', `${file}${syntaxPlace(text, (err as Error).message)}: not valid JSON (${(err as Error).message})`, 'The file must be one JSON object, with double-quoted keys and no trailing commas or comments.');
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BeckonError('CONFIG_INVALID', `${file}: ${jsonPath(issue.path)}: ${issue.message}`, HINT);
  }
  const { fusion, $schema: _schema, ...rest } = parsed.data;
  const config: BeckonConfigFile = { ...rest, path: file };
  if (fusion?.rules !== undefined) {
    try {
      const rules = parseFusionRules(fusion.rules);
      try {
        parseGestureMappings(gestureMappingsOf(rules)); // gesture names the recogniser knows, each mapped once
      } catch (err) {
        // its index counts gesture rules only: translate it back to the rule's place in the list
        const at = rules.flatMap((r, i) => (r.kind === 'gesture' ? [i] : []));
        const e = err as BeckonError;
        throw new BeckonError(e.code, e.message.replace(/^gesture mapping at (\d+)/, (_m, n: string) => `fusion rule at ${at[Number(n)] ?? n}`), e.hint);
      }
      config.fusion = { rules };
    } catch (err) {
      const e = err as BeckonError;
      // parseFusionRules says "fusion rule at 0.intent: ..."; name the place in this file instead
      const message = e.message.replace(/^fusion rule at (\S+):/, (_m, at: string) => `${at === '(root)' ? '$.fusion.rules' : jsonPath(['fusion', 'rules', ...at.split('.')])}:`);
      throw new BeckonError('CONFIG_INVALID', `${file}: ${message.startsWith('$') ? message : `$.fusion.rules: ${message}`}`, e.hint ?? HINT);
    }
  }
  if (config.llm?.gguf) config.llm = { ...config.llm, gguf: resolve(dirname(file), config.llm.gguf) };
  return config;
}

/** The file to read: --config, else $BECKON_CONFIG, else the XDG default if it exists; null when there is none. */
export async function findConfigFile(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (flag) return flag;
  if (env.BECKON_CONFIG) return env.BECKON_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  const fallback = join(base, 'beckon', 'config.json');
  try {
    await access(fallback);
    return fallback;
  } catch {
    return null;
  }
}

/** Finds and loads the configuration; null when no file is named and the default one does not exist. */
export async function loadUserConfig(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<BeckonConfigFile | null> {
  const path = await findConfigFile(flag, env);
  return path === null ? null : loadConfigFile(path);
}

/**
 * The file under the flags: `config` was built from the command line, with undefined wherever no flag
 * was given. `flagged` lists what the command line set explicitly (for flags with defaults, such as
 * --no-voice-barge-in, whose value is always defined).
 */
export function mergeConfigFile(config: EngineConfig, file: BeckonConfigFile | null, flagged: { bargeIn?: boolean } = {}): EngineConfig {
  if (!file) return config;
  // a flag that picks the kind of model (a server or a local file) also sets aside the file's other kind
  const fileLlm = config.llm?.url ? { ...file.llm, gguf: undefined } : config.llm?.gguf ? { ...file.llm, url: undefined } : file.llm;
  const llm = fileLlm || config.llm ? { ...fileLlm, ...defined(config.llm ?? {}) } : undefined;
  return {
    ...config,
    asr: { ...config.asr, lang: config.asr.lang ?? file.asr?.lang },
    tts: { ...config.tts, voice: config.tts.voice ?? file.tts?.voice },
    bargeIn: flagged.bargeIn ? config.bargeIn : (file.bargeIn ?? config.bargeIn),
    ...(config.fusionRules ?? file.fusion?.rules ? { fusionRules: config.fusionRules ?? file.fusion?.rules } : {}),
    ...(llm ? { llm } : {}),
  };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** "$.fusion.rules[2].intent" */
function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' || /^\d+$/.test(String(p)) ? `${s}[${String(p)}]` : `${s}.${String(p)}`), '$');
}

/** ":3:7" (line:column, 1-based) from V8's "... at position N", or "" when it does not say. */
function syntaxPlace(text: string, message: string): string {
  const m = /position (\d+)/.exec(message) ?? null;
  let offset = m ? Number(m[1]) : /end of JSON input/.test(message) ? text.length : -1;
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return `:${lc[1]}:${lc[2]}`;
  if (offset < 0) return '';
  offset = Math.min(offset, text.length);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `:${line}:${column}`;
}
