import { useState } from 'react';
import type { SettingsPatch } from '../../../main/common/contract.ts';
import type { Perception } from '../state/types.ts';
import type { Transport } from '../transport/types.ts';
import { cameraMessage, isCameraProblem } from '../vision/camera.ts';
import { useVision, type VisionDeps } from '../vision/useVision.ts';
import { CameraPreview } from './CameraPreview.tsx';
import { Empty, Panel, percent } from './Panel.tsx';

export interface VisionPanelProps {
  gesture: Perception | null;
  emotion: Perception | null;
  /** the fused affect of face and words; shown even with the camera off (words alone still count) */
  affect?: Perception | null;
  /** the engine's view: camera muted in settings (or no engine yet) */
  cameraOff: boolean;
  /** with a transport the panel runs the camera (MediaPipe in a worker) and sends perceptions */
  transport?: Transport;
  /** settings.cameraDevice: a label or deviceId */
  cameraDevice?: string;
  visionDeps?: VisionDeps;
}

/** Current gesture and emotion; the camera, its preview and a clear "camera off" when it is muted or not running. */
export function VisionPanel({ gesture, emotion, affect = null, cameraOff, transport, cameraDevice, visionDeps }: VisionPanelProps) {
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
      <dl className="facts" data-testid="affect">
        <Fact name="Mood" value={affect} />
      </dl>
      {transport && <CameraSection transport={transport} muted={cameraOff} device={cameraDevice} deps={visionDeps} />}
    </Panel>
  );
}

const PREVIEW_KEY = 'beckon.cameraPreview';

function CameraSection({ transport, muted, device, deps }: { transport: Transport; muted: boolean; device?: string; deps?: VisionDeps }) {
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const vision = useVision(transport, muted, chosen ?? device, deps);
  const [preview, setPreview] = useState(() => readPreviewPref());
  const togglePreview = () =>
    setPreview((on) => {
      try {
        localStorage.setItem(PREVIEW_KEY, String(!on));
      } catch {
        // no storage: the toggle still works for this page
      }
      return !on;
    });
  const choose = (id: string) => {
    setChosen(id || undefined);
    const label = vision.devices.find((d) => d.deviceId === id)?.label;
    const patch: SettingsPatch = { cameraDevice: label ?? id };
    void transport.send({ type: 'settings', patch }).catch(() => {});
  };
  const { camera, stats, perception } = vision;
  if (camera.state === 'muted') return null;
  const problem = isCameraProblem(camera);

  return (
    <div className="camera" data-testid="camera">
      <p className={`camera-state${problem ? ' is-problem' : ''}`} data-testid="camera-state" data-state={camera.state} role={problem ? 'alert' : 'status'}>
        {cameraMessage(camera)}
        {problem && (
          <button type="button" onClick={vision.retry}>
            Retry
          </button>
        )}
      </p>
      {vision.problem && (
        <p className="vision-problem" role="alert" data-testid="vision-problem">
          {vision.problem.message}. Fix: {vision.problem.hint}
        </p>
      )}
      {vision.warnings.map((w) => (
        <p key={w} className="muted-text">
          {w}
        </p>
      ))}
      <div className="camera-controls">
        {vision.devices.length > 1 && (
          <label>
            Camera{' '}
            <select value={camera.state === 'running' ? camera.deviceId : ''} onChange={(e) => choose(e.target.value)}>
              {vision.devices.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          <input type="checkbox" checked={preview} onChange={togglePreview} data-testid="preview-toggle" /> Show preview
        </label>
      </div>
      {camera.state === 'running' && (
        <>
          {preview && <CameraPreview stream={vision.stream} perception={perception} />}
          <p className="muted-text" data-testid="vision-stats" data-hands={perception?.hands.length ?? 0} data-faces={perception?.faces.length ?? 0} data-processed={stats.processed} data-dropped={stats.dropped} data-sent={stats.sent} data-refused={stats.refused} data-ms={Math.round(stats.lastMs)}>
            Hands {perception?.hands.length ?? 0} · faces {perception?.faces.length ?? 0} · {stats.processed} frames read
            {stats.processed > 0 ? `, ${Math.round(stats.lastMs)} ms each` : ''} · {stats.dropped} skipped
            {stats.refused > 0 ? ` · engine not reading frames yet (${stats.refused})` : ''}
          </p>
        </>
      )}
    </div>
  );
}

function readPreviewPref(): boolean {
  try {
    return localStorage.getItem(PREVIEW_KEY) !== 'false';
  } catch {
    return true;
  }
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
