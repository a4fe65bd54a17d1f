/**
 * Turns the Reply stream into sentences to speak, once each.
 *
 * Contract (shared with main/llm): for one replyId, a partial Reply's `text` is the NEW chunk
 * (a delta); the final Reply's `text` is the FULL text. So after partials, only the part of the
 * final text past what the partials delivered is new. A lone final Reply is spoken in full.
 * A second final, or anything for a reply that was cancelled (barge-in), is ignored.
 */
import { SentenceSplitter, type SentenceSplitterOptions } from './sentences.ts';

interface OpenReply {
  splitter: SentenceSplitter;
  /** the partial deltas joined */
  received: string;
  /** sentences handed out so far */
  handedOut: number;
}

export interface ReplySentencesUpdate {
  sentences: string[];
  /** true when this was the reply's final event: no more sentences will come for it */
  final: boolean;
}

export class ReplySentences {
  private readonly open = new Map<string, OpenReply>();
  private readonly closed = new Set<string>();

  constructor(private readonly splitterOptions: SentenceSplitterOptions = {}) {}

  /** null when the event must not be spoken (reply already finished or cancelled). */
  onReply(replyId: string, text: string, partial: boolean): ReplySentencesUpdate | null {
    if (this.closed.has(replyId)) return null;
    let reply = this.open.get(replyId);
    if (!reply) {
      reply = { splitter: new SentenceSplitter(this.splitterOptions), received: '', handedOut: 0 };
      this.open.set(replyId, reply);
    }
    let sentences: string[];
    if (partial) {
      reply.received += text;
      sentences = reply.splitter.push(text);
    } else {
      let rest: string;
      if (text.startsWith(reply.received)) {
        rest = text.slice(reply.received.length);
      } else if (reply.handedOut === 0) {
        // partials disagreed with the final but none was spoken yet: the final is the truth
        reply.splitter = new SentenceSplitter(this.splitterOptions);
        rest = text;
      } else {
        rest = ''; // cannot unsay what was spoken; finish with what the partials gave
      }
      sentences = [...reply.splitter.push(rest), ...reply.splitter.flush()];
      this.close(replyId);
    }
    reply.handedOut += sentences.length;
    return { sentences, final: !partial };
  }

  /** Stop a reply: later events with its id are ignored. */
  cancel(replyId: string): void {
    this.close(replyId);
  }

  /** Replies still open (no final seen). */
  get openIds(): string[] {
    return [...this.open.keys()];
  }

  /** End of input: the rest of every open reply, as if its final had come. */
  finishAll(): Array<{ replyId: string; sentences: string[] }> {
    const out = [...this.open].map(([replyId, reply]) => ({ replyId, sentences: reply.splitter.flush() }));
    for (const { replyId } of out) this.close(replyId);
    return out;
  }

  private close(replyId: string): void {
    this.open.delete(replyId);
    this.closed.add(replyId);
    // remember recent ids only: a session can run for days
    if (this.closed.size > 1000) this.closed.delete(this.closed.values().next().value!);
  }
}
