/**
 * The voice commands offered to the language model as tools. Each tool's JSON schema and its
 * validator come from the same zod schema, built from the command's slot definitions, so what the
 * model is told and what is checked cannot drift apart. Nothing runs until validateToolCall passes.
 */
import { z } from 'zod';
import { BeckonError } from '../common/errors.ts';
import { BUILTIN_COMMANDS, type CommandDef, type CommandRegistry, type SlotDef } from '../commands/registry.ts';
import type { LlmToolSpec } from './engine.ts';

/** Free text a tool may carry (typing into another app): long enough for a sentence, not a document. */
export const FREE_TEXT_MAX = 500;
/** Commands that act on another app in a way the user should approve first. */
const NEEDS_CONFIRMATION: ReadonlySet<string> = new Set(['type.text', 'app.open']);
/** Commands the assistant handles by itself in conversation: not offered as tools. */
const NOT_TOOLS: ReadonlySet<string> = new Set(['control.stop', 'reply.repeat']);

export interface LlmTool extends LlmToolSpec {
  /** the intent it becomes */
  intent: string;
  needsConfirmation: boolean;
  schema: z.ZodObject;
}

export interface ValidToolCall {
  intent: string;
  slots: Record<string, string>;
  needsConfirmation: boolean;
}

export function toolName(intent: string): string {
  return intent.replace(/\./g, '_');
}

function slotSchema(slot: SlotDef): z.ZodType<string> {
  if (slot.kind === 'closed') {
    const values = slot.values.map((v) => v.value);
    return z.enum(values as [string, ...string[]]);
  }
  return z.string().min(1).max(FREE_TEXT_MAX);
}

function toolFor(command: CommandDef): LlmTool {
  const shape: Record<string, z.ZodType<string>> = {};
  for (const [name, slot] of Object.entries(command.slots ?? {})) shape[name] = slotSchema(slot);
  // strict: an argument the command does not have is a mistake, not something to ignore
  const schema = z.strictObject(shape);
  const parameters = z.toJSONSchema(schema) as Record<string, unknown>;
  delete parameters.$schema;
  return {
    name: toolName(command.name),
    intent: command.name,
    description: command.description,
    parameters,
    needsConfirmation: NEEDS_CONFIRMATION.has(command.name),
    schema,
  };
}

export function createToolset(registry: CommandRegistry = BUILTIN_COMMANDS): LlmTool[] {
  return registry.filter((c) => !NOT_TOOLS.has(c.name)).map(toolFor);
}

/** Checks a tool call from the model: a known tool, JSON arguments, and arguments that fit the schema. */
export function validateToolCall(tools: readonly LlmTool[], name: string, argumentsJson: string): ValidToolCall | BeckonError {
  const tool = tools.find((t) => t.name === name);
  if (!tool)
    return new BeckonError('LLM_UNKNOWN_TOOL', `The language model asked for a tool that does not exist: ${JSON.stringify(name.slice(0, 64))}.`, 'Nothing was run. A larger model follows tool lists more reliably.');
  let args: unknown;
  try {
    args = argumentsJson.trim() === '' ? {} : JSON.parse(argumentsJson);
  } catch {
    return new BeckonError('LLM_BAD_TOOL_JSON', `The language model sent arguments for ${name} that are not JSON.`, 'Nothing was run. A larger model follows tool lists more reliably.');
  }
  const parsed = tool.schema.safeParse(args);
  if (!parsed.success) {
    const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
    return new BeckonError('LLM_BAD_TOOL_ARGS', `The language model sent arguments for ${name} that do not fit: ${problem.slice(0, 300)}.`, 'Nothing was run.');
  }
  return { intent: tool.intent, slots: parsed.data as Record<string, string>, needsConfirmation: tool.needsConfirmation };
}
