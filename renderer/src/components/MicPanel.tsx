import type { EngineStatus } from '../../../main/common/contract.ts';
import { Panel } from './Panel.tsx';

const FLOOR_DB = -70;

/** Microphone level meter and voice activity. */
export function MicPanel({ mic, status }: { mic: { db: number | null; speaking: boolean }; status: EngineStatus | null }) {
  const level = mic.db === null ? 0 : Math.min(1, Math.max(0, (mic.db - FLOOR_DB) / -FLOOR_DB));
  const muted = status?.microphone.muted ?? false;
  return (
    <Panel title="Microphone" className="panel-mic">
      <div className="vad-row">
        <span className={`vad ${mic.speaking ? 'vad-speaking' : 'vad-silent'}`} data-testid="vad">
          {muted ? 'Muted' : mic.speaking ? 'Speaking' : 'Silent'}
        </span>
        <span className="muted-text">{status?.microphone.device ?? 'system default'}</span>
      </div>
      <meter
        className="level"
        aria-label="Microphone level"
        min={FLOOR_DB}
        max={0}
        low={-30}
        high={-10}
        optimum={-20}
        value={mic.db ?? FLOOR_DB}
        style={{ ['--level' as string]: level }}
      />
      <p className="muted-text">{mic.db === null ? 'no level yet' : `${mic.db.toFixed(0)} dBFS`}</p>
    </Panel>
  );
}
