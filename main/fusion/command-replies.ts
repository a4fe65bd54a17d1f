import type { EventOf } from '../common/events.ts';

export interface ReplyContext {
  /** the last thing Beckon said, for "repeat" */
  lastReply: string | null;
  /** what the user can say, one short phrase per command */
  commandHelp: readonly string[];
  now: Date;
  /** whether a language model answers chat */
  hasLanguageModel: boolean;
}

const APP_WORD = (slots: EventOf<'Intent'>['slots']) => String(slots.app ?? 'the app');

/**
 * What Beckon says for each built-in intent. Short, because it is spoken: the spoken reply is
 * the user's confirmation that the right thing happened.
 */
export function replyFor(intent: EventOf<'Intent'>, context: ReplyContext): string | null {
  switch (intent.name) {
    case 'volume.up':
      return 'Volume up.';
    case 'volume.down':
      return 'Volume down.';
    case 'volume.mute':
      return 'Muted.';
    case 'media.play':
      return 'Playing.';
    case 'media.pause':
      return 'Paused.';
    case 'media.next':
      return 'Next track.';
    case 'media.previous':
      return 'Previous track.';
    case 'app.open':
      return `Opening ${APP_WORD(intent.slots)}.`;
    case 'window.switch':
      return 'Switching window.';
    case 'scroll.up':
      return 'Scrolling up.';
    case 'scroll.down':
      return 'Scrolling down.';
    case 'type.text':
      return 'Typing.';
    case 'time.query':
      return `It is ${context.now.toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' })}.`;
    case 'control.stop':
      return null; // silence is the answer to "stop"
    case 'reply.repeat':
      return context.lastReply ?? 'I have not said anything yet.';
    case 'help.commands':
      return `You can say: ${context.commandHelp.join(', ')}.`;
    case 'chat':
      return context.hasLanguageModel
        ? null
        : 'I can only do commands until a language model is configured. Say "what can I say" to hear them.';
    default:
      return null;
  }
}
