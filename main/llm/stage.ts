/**
 * The language model stage: answers 'chat' intents by streaming from an LlmEngine.
 *
 * In:  Intent 'chat' (slots.text: what was said), 'confirm.yes' / 'confirm.no', Gesture, Emotion (context).
 * Out: everything it reads, plus partial Replies (each carries the NEW text chunk) and one final Reply
 *      with the full text; a validated tool call as an Intent (the action and reply stages after this
 *      one run it); Error events (stage 'llm') with a spoken apology; Metrics llm.first_token_ms and
 *      llm.tokens_per_s (the rate, in the Metric's `ms` field).
 * A Control interrupt aborts the stream at once and nothing more is said for that reply.
 */
import { channelStage, type Stage, type StageContext } from '../core/stage.ts';
import type { Channel } from '../core/channel.ts';
import type { EventOf } from '../common/events.ts';
import { BeckonError, toBeckonError } from '../common/errors.ts';
import type { LlmEngine } from './engine.ts';
import { validateToolCall, type LlmTool, type ValidToolCall } from './tools.ts';
import { Conversation, type ConversationOptions, type LiveContext } from './conversation.ts';

export interface LlmStageOptions {
  engine: LlmEngine;
  tools: readonly LlmTool[];
  now?: () => Date;
  language?: string;
  conversation?: ConversationOptions;
}

type Intent = EventOf<'Intent'>;

const YES = /^(yes|yeah|yep|sure|ok(ay)?|do it|go ahead|please do|confirm(ed)?)\b/i;
const NO = /^(no|nope|don'?t|cancel|never ?mind|stop)\b/i;

const APOLOGY: Record<string, string> = {
  LLM_UNREACHABLE: 'Sorry, I cannot reach the language model.',
  LLM_HTTP_ERROR: 'Sorry, the language model had a problem.',
  LLM_STREAM_BROKEN: 'Sorry, my answer was cut off.',
  LLM_TIMEOUT: 'Sorry, the language model took too long.',
  LLM_CRASHED: 'Sorry, the language model stopped. Please ask again.',
  LLM_CONTEXT_TOO_SMALL: 'Sorry, our conversation no longer fits in the language model.',
  LLM_GENERATION_FAILED: 'Sorry, the language model had a problem.',
};
const TOOL_APOLOGY = 'Sorry, I could not do that.';

export function createLlmStage(options: LlmStageOptions): Stage {
  const now = options.now ?? (() => new Date());
  return channelStage('llm', async (input, out, ctx) => {
    const conversation = new Conversation(options.conversation);
    // a local model reads the system prompt and tool list now, not when the first question waits on it
    options.engine.prepare?.({ messages: [conversation.systemMessage()], tools: [...options.tools] }).catch((err: unknown) => {
      ctx.log.warn(`llm: could not prepare the model: ${err instanceof Error ? err.message : String(err)}`);
    });
    const live: Omit<LiveContext, 'now'> = { language: options.language };
    let sawAffect = false;
    let current: AbortController | null = null;
    let pending: { call: ValidToolCall; chat: Intent; toolName: string } | null = null;

    const stopCurrent = () => {
      current?.abort();
      current = null;
    };
    const unsubscribe = ctx.onControl((c) => {
      if (c.action === 'interrupt' || c.action === 'stop') stopCurrent();
    });
    // a stopped pipeline (the service rebuilding its engine) wants no more of an answer: a local model
    // shared with the next engine would otherwise go on generating it for nobody
    ctx.signal.addEventListener('abort', stopCurrent, { once: true });
    const running = new Set<Promise<void>>();

    try {
      for await (const event of input) {
        out.push(event);
        if (event.kind === 'Gesture' && event.gestureType === 'pose') live.lastGesture = event.label;
        // the fused Affect (face + words, main/fusion/affect.ts) wins over a bare facial emotion once there is one
        if (event.kind === 'Emotion' && event.label !== 'no-face' && !sawAffect) live.lastEmotion = event.label;
        if (event.kind === 'Affect') {
          sawAffect = true;
          live.lastEmotion = `${event.label} (valence ${event.valence}, confidence ${event.confidence}, from ${event.evidence.map((e) => (e.kind === 'Transcript' ? 'words' : 'face')).join(' and ')})`;
        }
        if (event.kind === 'Transcript' && event.final && event.lang) live.language = event.lang;
        if (event.kind !== 'Intent') continue;

        const said = event.name === 'chat' ? String(event.slots.text ?? '').trim() : '';
        if (pending) {
          const answer = event.name === 'confirm.yes' || YES.test(said) ? 'yes' : event.name === 'confirm.no' || NO.test(said) ? 'no' : null;
          if (answer !== null) {
            const { call, chat, toolName } = pending;
            pending = null;
            if (answer === 'yes') out.push(toolIntent(ctx, chat, call, toolName, event));
            else out.push(ctx.make('Reply', { replyId: replyIdOf(event, '-cancel'), text: 'Okay, I will not.', partial: false }));
            continue;
          }
          pending = null; // anything else moves on: the question is dropped
        }
        if (event.name !== 'chat' || said === '') continue;

        stopCurrent(); // a new question supersedes an answer still streaming
        const controller = new AbortController();
        current = controller;
        conversation.addUser(said);
        const task = answer(event, controller.signal).finally(() => running.delete(task));
        running.add(task);
      }
      await Promise.all(running);
    } finally {
      unsubscribe();
      ctx.signal.removeEventListener('abort', stopCurrent);
      stopCurrent();
    }

    async function answer(chat: Intent, signal: AbortSignal): Promise<void> {
      const replyId = replyIdOf(chat);
      const started = performance.now();
      let firstTokenAt: number | null = null;
      let tokens = 0;
      let text = '';
      const calls: Array<{ id: string; name: string; arguments: string }> = [];
      try {
        const messages = conversation.messages({ ...live, now: now() });
        for await (const chunk of options.engine.stream({ messages, tools: [...options.tools], signal })) {
          if (signal.aborted) return;
          if (chunk.type === 'text') {
            if (firstTokenAt === null) {
              firstTokenAt = performance.now();
              out.push(ctx.make('Metric', { name: 'llm.first_token_ms', ms: round(firstTokenAt - started) }));
            }
            tokens++;
            text += chunk.text;
            out.push(ctx.make('Reply', { replyId, text: chunk.text, partial: true }));
          } else if (chunk.type === 'tool-call') calls.push(chunk);
        }
      } catch (err) {
        if (signal.aborted) return;
        const error = toBeckonError(err, 'LLM_FAILED');
        ctx.log.warn(`llm: ${error.message}`);
        out.push(errorEvent(ctx, error));
        if (text !== '') out.push(ctx.make('Reply', { replyId, text, partial: false }));
        out.push(ctx.make('Reply', { replyId: replyIdOf(chat, '-error'), text: APOLOGY[error.code] ?? 'Sorry, something went wrong.', partial: false }));
        return;
      }
      if (signal.aborted) return;
      if (firstTokenAt !== null && tokens > 1) {
        const seconds = (performance.now() - firstTokenAt) / 1000;
        out.push(ctx.make('Metric', { name: 'llm.tokens_per_s', ms: round((tokens - 1) / Math.max(seconds, 1e-3)) }));
      }
      conversation.addAssistant({
        role: 'assistant',
        content: text || null,
        ...(calls.length ? { tool_calls: calls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: c.arguments } })) } : {}),
      });
      if (text !== '') out.push(ctx.make('Reply', { replyId, text, partial: false }));
      for (const call of calls) handleToolCall(chat, call, out);
    }

    function handleToolCall(chat: Intent, call: { name: string; arguments: string }, sink: Channel): void {
      const result = validateToolCall(options.tools, call.name, call.arguments);
      if (result instanceof BeckonError) {
        sink.push(errorEvent(ctx, result));
        sink.push(ctx.make('Reply', { replyId: replyIdOf(chat, '-error'), text: TOOL_APOLOGY, partial: false }));
        return;
      }
      if (result.needsConfirmation) {
        pending = { call: result, chat, toolName: call.name };
        sink.push(ctx.make('Reply', { replyId: replyIdOf(chat, '-confirm'), text: `${confirmQuestion(result)} Say yes or give a thumbs up.`, partial: false }));
        return;
      }
      sink.push(toolIntent(ctx, chat, result, call.name));
    }
  });
}

function toolIntent(ctx: StageContext, chat: Intent, call: ValidToolCall, toolName: string, confirmedBy?: Intent): Intent {
  const evidence = [
    ...chat.evidence,
    { kind: 'Intent', seq: chat.seq, text: 'chat' },
    { kind: 'llm', seq: chat.seq, text: toolName },
    ...(confirmedBy ? [{ kind: 'Intent', seq: confirmedBy.seq, text: confirmedBy.name }] : []),
  ].slice(-64);
  return ctx.make('Intent', {
    name: call.intent,
    slots: call.slots,
    confidence: chat.confidence,
    evidence,
    // its own id, so the command's spoken confirmation is a reply of its own after the model's text
    utteranceId: replyIdOf(chat, '-tool'),
  });
}

function confirmQuestion(call: ValidToolCall): string {
  if (call.intent === 'app.open') return `Should I open ${call.slots.app}?`;
  if (call.intent === 'type.text') return `Should I type "${call.slots.text}"?`;
  return `Should I do ${call.intent}?`;
}

function replyIdOf(intent: Intent, suffix = ''): string {
  return `${intent.utteranceId ?? `r${intent.seq}`}${suffix}`;
}

function errorEvent(ctx: StageContext, error: BeckonError): EventOf<'Error'> {
  return ctx.make('Error', { stage: 'llm', code: error.code, message: error.message.slice(0, 2000), ...(error.hint ? { hint: error.hint } : {}) });
}

const round = (n: number) => Math.round(n * 10) / 10;
