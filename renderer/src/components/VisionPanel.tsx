import type { Perception } from '../state/types.ts';
import { Empty, Panel, percent } from './Panel.tsx';

/** Current gesture and emotion; a clear "camera off" when the camera is muted or not running. */
export function VisionPanel({ gesture, emotion, cameraOff }: { gesture: Perception | null; emotion: Perception | null; cameraOff: boolean }) {
  return (
    <Panel title="Gesture and emotion" className="panel-vision">
      {cameraOff ? (
        <p className="camera-off" data-testid="camera-off">
          <span aria-hidden="true">◌ </span>Camera off: gestures and emotions are not being read.
        </p>
      ) : (
        <dl className="facts">
          <Fact name="Gesture" value={gesture} />
          <Fact name="Emotion" value={emotion} />
        </dl>
      )}
    </Panel>
  );
}

function Fact({ name, value }: { name: string; value: Perception | null }) {
  return (
    <div className="fact">
      <dt>{name}</dt>
      <dd>
        {value ? (
          <>
            <strong>{value.label}</strong> <span className="muted-text">{percent(value.confidence)}{value.detail ? ` · ${value.detail}` : ''}</span>
          </>
        ) : (
          <Empty>none yet</Empty>
        )}
      </dd>
    </div>
  );
}
