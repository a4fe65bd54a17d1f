import type { EngineStatus } from '../../../main/common/contract.ts';

/** Always-visible badges: whether the microphone or camera is capturing right now. */
export function LiveIndicators({ status }: { status: EngineStatus | null }) {
  const mic = status ? status.microphone.live && !status.microphone.muted : false;
  const cam = status ? status.camera.live && !status.camera.muted : false;
  return (
    <ul className="indicators" aria-label="Capture devices">
      <li className={`indicator ${mic ? 'is-live' : ''}`} data-testid="mic-indicator">
        <span className="dot" aria-hidden="true" />
        Microphone {mic ? 'live' : status?.microphone.muted ? 'muted' : 'off'}
      </li>
      <li className={`indicator ${cam ? 'is-live' : ''}`} data-testid="camera-indicator">
        <span className="dot" aria-hidden="true" />
        Camera {cam ? 'live' : status?.camera.muted ? 'muted' : 'off'}
      </li>
    </ul>
  );
}
