import type { IntentEntry } from '../state/types.ts';
import { Empty, Panel, percent } from './Panel.tsx';

/** Intent timeline, newest first, each with the evidence (transcript text) it came from. */
export function IntentsPanel({ intents }: { intents: IntentEntry[] }) {
  return (
    <Panel title="Intents" className="panel-intents">
      {intents.length === 0 ? (
        <Empty>No intents yet.</Empty>
      ) : (
        <ol className="timeline" data-testid="intents">
          {[...intents].reverse().map((i) => (
            <li key={i.seq} className="intent">
              <div className="intent-head">
                <code className="intent-name">{i.name}</code>
                <span className="pill">{percent(i.confidence)}</span>
                {Object.entries(i.slots).map(([k, v]) => (
                  <span key={k} className="slot">
                    {k}: {String(v)}
                  </span>
                ))}
              </div>
              <ul className="evidence" aria-label="Evidence">
                {i.evidence.map((ev) => (
                  <li key={`${ev.kind}-${ev.seq}`}>
                    <span className="evidence-kind">{ev.kind}</span> {ev.text ? <q>{ev.text}</q> : <span className="muted-text">#{ev.seq}</span>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
