/**
 * Session memory for the language model: the system prompt plus the turns so far, kept within a
 * token budget by dropping the oldest turns first. The live context of this moment (time, language,
 * gesture, mood, active app) goes in a note at the head of the newest user message, not in the system
 * prompt: the system prompt and tool list then stay byte-identical between questions, so a local
 * model (or a server with prompt caching) reuses their evaluated tokens. Measured with the 0.5B
 * stand-in and the commands as tools (1,234 prompt tokens, one CPU thread): first token 9.8 s when
 * the system prompt changed, 0.28 s when only the new turn had to be read.
 */
import type { LlmMessage } from './engine.ts';

/** What the assistant knows about this moment, filled in by the caller at each turn. */
export interface LiveContext {
  now: Date;
  /** spoken language, e.g. en */
  language?: string;
  lastGesture?: string;
  lastEmotion?: string;
  activeApp?: string;
}

export interface ConversationOptions {
  /** most tokens sent per request, system prompt included */
  tokenBudget?: number;
  /** the persona and rules (the system prompt, the same for every question) */
  instructions?: string;
}

export const DEFAULT_INSTRUCTIONS =
  'You are Beckon, a voice assistant on this computer. Your answers are spoken aloud: answer in one to three short sentences, ' +
  'plain text without lists or markup. Use a tool when the user asks for something a tool does; otherwise just answer.';

/** A rough count that needs no tokenizer: about four characters per token in English. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function messageTokens(m: LlmMessage): number {
  const toolCalls = m.role === 'assistant' && m.tool_calls ? JSON.stringify(m.tool_calls) : '';
  return estimateTokens((m.content ?? '') + toolCalls) + 4; // role and separators
}

/** What the model is told about this moment; the time to the minute, so the note changes rarely. */
export function contextNote(context: LiveContext): string {
  const time = context.now.toLocaleString('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit' });
  const parts = [`time: ${time} (${context.now.toISOString().slice(0, 16)}Z)`, `language: ${context.language ?? 'en'}, answer in it`];
  if (context.lastGesture) parts.push(`the user's last hand gesture: ${context.lastGesture}`);
  if (context.lastEmotion) parts.push(`the user's apparent mood: ${context.lastEmotion}`);
  if (context.activeApp) parts.push(`active app: ${context.activeApp}`);
  return `[Context: ${parts.join('; ')}.]`;
}

export class Conversation {
  /** each turn is the user's message and what followed it, dropped together */
  private turns: LlmMessage[][] = [];
  readonly tokenBudget: number;
  private readonly instructions: string;

  constructor(options: ConversationOptions = {}) {
    this.tokenBudget = options.tokenBudget ?? 2048;
    this.instructions = options.instructions ?? DEFAULT_INSTRUCTIONS;
  }

  /** Starts a turn with what the user said. */
  addUser(text: string): void {
    this.turns.push([{ role: 'user', content: text }]);
  }

  /** Adds the assistant's answer (or tool call) to the current turn. */
  addAssistant(message: LlmMessage): void {
    const current = this.turns.at(-1);
    if (current) current.push(message);
    else this.turns.push([message]);
  }

  get turnCount(): number {
    return this.turns.length;
  }

  /** The system prompt alone: what a local model can evaluate before the first question. */
  systemMessage(): LlmMessage {
    return { role: 'system', content: this.instructions };
  }

  /** The messages for the next request: system prompt, then as many recent turns as fit; the newest user message carries the context note. */
  messages(context: LiveContext): LlmMessage[] {
    const system = this.systemMessage();
    const note = contextNote(context);
    let used = messageTokens(system) + estimateTokens(note);
    const kept: LlmMessage[][] = [];
    // newest first; the current turn is always kept, even when it alone is over the budget
    for (let i = this.turns.length - 1; i >= 0; i--) {
      const turn = this.turns[i]!;
      const cost = turn.reduce((sum, m) => sum + messageTokens(m), 0);
      if (kept.length > 0 && used + cost > this.tokenBudget) break;
      kept.unshift(turn);
      used += cost;
    }
    // forget what no longer fits, so memory does not grow without bound
    this.turns = this.turns.slice(this.turns.length - kept.length);
    const messages = [system, ...kept.flat()];
    const lastUser = messages.findLastIndex((m) => m.role === 'user');
    if (lastUser >= 0) messages[lastUser] = { role: 'user', content: `${note}\n${messages[lastUser]!.content}` };
    return messages;
  }
}
