import type { ReplyState } from '../state/types.ts';
import { Empty, Panel } from './Panel.tsx';

const SPEECH = { start: 'preparing speech', audio: 'speaking', end: 'spoken', stopped: 'stopped' } as const;

/** The reply as it streams, with the speech state and a way to cut it short. */
export function ReplyPanel({ reply, onInterrupt }: { reply: ReplyState | null; onInterrupt: () => void }) {
  const speaking = reply?.speech === 'start' || reply?.speech === 'audio' || reply?.partial;
  return (
    <Panel
      title="Reply"
      className="panel-reply"
      actions={
        <button type="button" className="button" onClick={onInterrupt} disabled={!speaking}>
          Stop reply
        </button>
      }
    >
      <div aria-live="polite" data-testid="reply">
        {reply ? (
          <p className={`reply ${reply.partial ? 'reply-streaming' : ''}`}>{reply.text}</p>
        ) : (
          <Empty>Beckon's answers appear here.</Empty>
        )}
      </div>
      {reply?.speech && <p className="muted-text">Voice: {SPEECH[reply.speech]}</p>}
    </Panel>
  );
}
