import type { ReplyState } from '../state/types.ts';
import { Empty, Panel } from './Panel.tsx';

const SPEECH = { start: 'preparing speech', audio: 'speaking', end: 'spoken', stopped: 'stopped' } as const;

/** The reply as it streams, with the speech state and a way to cut it short; the few before it below. */
export function ReplyPanel({ reply, earlier, onInterrupt }: { reply: ReplyState | null; earlier: ReadonlyArray<{ replyId: string; text: string }>; onInterrupt: () => void }) {
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
      {earlier.length > 0 && (
        <ol className="earlier-replies" aria-label="Earlier replies" data-testid="earlier-replies">
          {[...earlier].reverse().map((r) => (
            <li key={r.replyId} className="muted-text">
              {r.text}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
