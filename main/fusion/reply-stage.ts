import type { Stage } from '../core/stage.ts';
import { replyFor } from './command-replies.ts';

export interface ReplyStageOptions {
  commandHelp: readonly string[];
  hasLanguageModel?: boolean;
  now?: () => Date;
}

/** Answers each Intent with a spoken Reply (the command path; the LLM answers chat when configured). */
export function createReplyStage(options: ReplyStageOptions): Stage {
  return {
    name: 'reply',
    async *run(input, ctx) {
      let lastReply: string | null = null;
      for await (const event of input) {
        yield event;
        if (event.kind !== 'Intent') continue;
        const text = replyFor(event, {
          lastReply,
          commandHelp: options.commandHelp,
          now: options.now?.() ?? new Date(),
          hasLanguageModel: options.hasLanguageModel ?? false,
        });
        if (text === null) continue;
        if (event.name !== 'reply.repeat') lastReply = text;
        // The reply carries the utterance id so latency can be traced from speech to sound.
        yield ctx.make('Reply', { replyId: event.utteranceId ?? `r${event.seq}`, text, partial: false });
      }
    },
  };
}
