import { useState } from 'react';
import type { EngineStatus } from '../../../main/common/contract.ts';
import { Panel } from './Panel.tsx';

const FLOOR_DB = -70;

/** Microphone level meter and voice activity. */
export function MicPanel({
  mic,
  status,
  onPushToTalk,
}: {
  mic: { db: number | null; speaking: boolean };
  status: EngineStatus | null;
  onPushToTalk: (pressed: boolean) => void;
}) {
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
      {status?.settings.pushToTalk && <TalkButton onChange={onPushToTalk} />}
    </Panel>
  );
}

/** Hold to talk, with the pointer or with Space/Enter held while the button has focus. */
function TalkButton({ onChange }: { onChange: (pressed: boolean) => void }) {
  const [pressed, setPressed] = useState(false);
  const set = (next: boolean) => {
    if (next === pressed) return;
    setPressed(next);
    onChange(next);
  };
  const isTalkKey = (key: string) => key === ' ' || key === 'Enter';
  return (
    <button
      type="button"
      className="button talk-button"
      aria-pressed={pressed}
      onPointerDown={() => set(true)}
      onPointerUp={() => set(false)}
      onPointerLeave={() => set(false)}
      onKeyDown={(e) => isTalkKey(e.key) && (e.preventDefault(), set(true))}
      onKeyUp={(e) => isTalkKey(e.key) && (e.preventDefault(), set(false))}
      onBlur={() => set(false)}
    >
      {pressed ? 'Listening… release to stop' : 'Hold to talk'}
    </button>
  );
}
