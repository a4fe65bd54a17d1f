import { useEffect, useState } from 'react';
import type { EngineStatus } from '../../../main/common/contract.ts';
import type { DashboardState } from '../state/types.ts';
import { Panel } from './Panel.tsx';

/** What the conversation may refer to: the clock after a time question, the media state, the apps "open" may start. */
export function ContextPanel({ context, status }: { context: DashboardState['context']; status: EngineStatus | null }) {
  const apps = status?.context.allowedApps ?? [];
  return (
    <Panel title="Context" className="panel-context">
      <dl className="facts">
        {context.timeAskedSeq !== null && (
          <div className="fact">
            <dt>Time</dt>
            <dd>
              <Clock />
            </dd>
          </div>
        )}
        <div className="fact">
          <dt>Media</dt>
          <dd data-testid="media-state">{context.media ? context.media.description : <span className="muted-text">no media command yet</span>}</dd>
        </div>
        <div className="fact">
          <dt>Apps Beckon may open</dt>
          <dd>
            {apps.length ? (
              <ul className="chips" data-testid="allowed-apps">
                {apps.map((a) => (
                  <li key={a} className={a === context.lastApp ? 'chip chip-active' : 'chip'}>
                    {a}
                  </li>
                ))}
              </ul>
            ) : (
              <span className="muted-text">none allowed</span>
            )}
          </dd>
        </div>
      </dl>
    </Panel>
  );
}

function Clock() {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time className="clock" dateTime={now.toISOString()} data-testid="clock">
      {now.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
    </time>
  );
}
