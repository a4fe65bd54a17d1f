/**
 * Session memory for the language model: the system prompt (with the live context of this moment)
 * plus the turns so far, kept within a token budget by dropping the oldest turns first.
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
  /** the persona and rules; the live context is appended to it */
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

export function systemPrompt(instructions: string, context: LiveContext): string {
  const lines = [
    instructions,
    '',
    `Current time: ${context.now.toISOString()} (${context.now.toLocaleString('en-US', { weekday: 'long', hour: 'numeric', minute: '2-digit' })}).`,
    `Language: ${context.language ?? 'en'}. Answer in that language.`,
  ];
  if (context.lastGesture) lines.push(`The user's last hand gesture: ${context.lastGesture}.`);
  if (context.lastEmotion) lines.push(`The user's apparent mood: ${context.lastEmotion}.`);
  if (context.activeApp) lines.push(`Active app: ${context.activeApp}.`);
  return lines.join('\n');
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

  /** The messages for the next request: system prompt, then as many recent turns as fit. */
  messages(context: LiveContext): LlmMessage[] {
    const system: LlmMessage = { role: 'system', content: systemPrompt(this.instructions, context) };
    let used = messageTokens(system);
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
    return [system, ...kept.flat()];
  }
}
