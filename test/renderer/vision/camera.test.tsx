// @vitest-environment happy-dom
// The camera's states as the VisionPanel shows them, with a fake getUserMedia (the real camera is in fake-camera.test.ts).
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VisionPanel } from '../../../renderer/src/components/VisionPanel.tsx';
import type { VisionDeps } from '../../../renderer/src/vision/useVision.ts';
import { FakeTransport } from '../fake-transport.ts';

class FakeTrack extends EventTarget {
  readonly kind = 'video';
  stopped = false;
  constructor(readonly label: string, private readonly deviceId: string) {
    super();
  }
  stop() {
    this.stopped = true;
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
}

/** happy-dom's MediaStream (video.srcObject accepts nothing else) carrying a fake track. */
class FakeStream extends MediaStream {
  constructor(readonly track: FakeTrack) {
    super();
  }
  override getTracks() {
    return [this.track as unknown as MediaStreamTrack];
  }
  override getVideoTracks() {
    return [this.track as unknown as MediaStreamTrack];
  }
}

const CAMERAS = [
  { deviceId: 'front-id', label: 'Front camera' },
  { deviceId: 'back-id', label: 'Back camera' },
];

/** Plays the browser's mediaDevices: each getUserMedia takes the next planned outcome (default: a working camera). */
class FakeMediaDevices extends EventTarget {
  readonly calls: MediaStreamConstraints[] = [];
  readonly tracks: FakeTrack[] = [];
  failures: string[] = [];
  async getUserMedia(constraints: MediaStreamConstraints) {
    this.calls.push(constraints);
    const failure = this.failures.shift();
    if (failure) throw new DOMException(`fake ${failure}`, failure);
    const wanted = (constraints.video as MediaTrackConstraints).deviceId as { exact: string } | undefined;
    const cam = CAMERAS.find((c) => c.deviceId === wanted?.exact) ?? CAMERAS[0]!;
    const track = new FakeTrack(cam.label, cam.deviceId);
    this.tracks.push(track);
    return new FakeStream(track);
  }
  async enumerateDevices() {
    return [...CAMERAS.map((c) => ({ ...c, kind: 'videoinput', groupId: '' })), { deviceId: 'mic', label: 'Mic', kind: 'audioinput', groupId: '' }];
  }
}

let media: FakeMediaDevices;
let transport: FakeTransport;
let deps: VisionDeps;
beforeEach(() => {
  localStorage.clear();
  setVisibility('visible');
  media = new FakeMediaDevices();
  transport = new FakeTransport();
  // no Web Worker in happy-dom: a sink that is ready and never asked (the detached video never has a frame here)
  const sink = { busy: false, ready: Promise.resolve({ warnings: [] }), close() {}, process: () => Promise.reject(new Error('no frames in happy-dom')) };
  deps = { camera: { mediaDevices: media as unknown as MediaDevices }, createSink: () => sink };
});
afterEach(cleanup);

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

const panel = (cameraOff: boolean, cameraDevice?: string) => (
  <VisionPanel gesture={null} emotion={null} cameraOff={cameraOff} transport={transport} cameraDevice={cameraDevice} visionDeps={deps} />
);
const state = () => screen.getByTestId('camera-state');
const settle = () => act(async () => new Promise((r) => setTimeout(r, 0)));

describe('camera in the VisionPanel', () => {
  it('starts when unmuted, asking for the processing rate, and names the camera', async () => {
    render(panel(false));
    await settle();
    expect(state().dataset.state).toBe('running');
    expect(state().textContent).toContain('Front camera');
    const video = media.calls[0]!.video as MediaTrackConstraints;
    expect(video.frameRate).toEqual({ ideal: 15 });
    expect(media.calls[0]!.audio).toBe(false);
    expect(screen.getByTestId('camera-preview')).toBeTruthy();
  });

  it('does not touch the camera while muted, starts on unmute and releases it on mute', async () => {
    const view = render(panel(true));
    await settle();
    expect(media.calls).toHaveLength(0);
    expect(screen.getByTestId('camera-off')).toBeTruthy();
    view.rerender(panel(false));
    await settle();
    expect(state().dataset.state).toBe('running');
    view.rerender(panel(true));
    await settle();
    expect(media.tracks[0]!.stopped).toBe(true);
    expect(screen.queryByTestId('camera-state')).toBeNull();
    expect(screen.getByTestId('camera-off').textContent).toMatch(/camera off/i);
  });

  it('says access was denied, with what to do, and retries on request', async () => {
    media.failures = ['NotAllowedError'];
    render(panel(false));
    await settle();
    expect(state().dataset.state).toBe('denied');
    expect(state().getAttribute('role')).toBe('alert');
    expect(state().textContent).toMatch(/denied.*allow the camera/i);
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await settle();
    expect(state().dataset.state).toBe('running');
  });

  it('says there is no camera', async () => {
    media.failures = ['NotFoundError'];
    render(panel(false));
    await settle();
    expect(state().dataset.state).toBe('not-found');
    expect(state().textContent).toMatch(/no camera was found/i);
  });

  it('says the camera is in use by another application', async () => {
    media.failures = ['NotReadableError'];
    render(panel(false));
    await settle();
    expect(state().dataset.state).toBe('in-use');
    expect(state().textContent).toMatch(/in use by another application/i);
  });

  it('says the camera was unplugged mid-stream, and picks it up again when a camera is plugged in', async () => {
    render(panel(false));
    await settle();
    act(() => void media.tracks[0]!.dispatchEvent(new Event('ended')));
    expect(state().dataset.state).toBe('unplugged');
    expect(state().textContent).toMatch(/Front camera.*disconnected/);
    expect(screen.queryByTestId('camera-preview')).toBeNull();
    await act(async () => void media.dispatchEvent(new Event('devicechange')));
    await settle();
    expect(state().dataset.state).toBe('running');
    expect(media.calls).toHaveLength(2);
  });

  it('pauses (and releases the camera) while the page is hidden, and resumes when it is shown', async () => {
    render(panel(false));
    await settle();
    act(() => setVisibility('hidden'));
    await settle();
    expect(state().dataset.state).toBe('paused-hidden');
    expect(state().textContent).toMatch(/paused while the window is hidden/i);
    expect(media.tracks[0]!.stopped).toBe(true);
    act(() => setVisibility('visible'));
    await settle();
    expect(state().dataset.state).toBe('running');
    expect(media.calls).toHaveLength(2);
  });

  it('opens the camera chosen in settings by its label, and a choice in the list is saved to settings', async () => {
    render(panel(false, 'Back camera'));
    await settle();
    expect((media.calls[0]!.video as MediaTrackConstraints).deviceId).toEqual({ exact: 'back-id' });
    expect(state().textContent).toContain('Back camera');
    await settle();
    fireEvent.change(screen.getByRole('combobox'), { target: { value: 'front-id' } });
    await settle();
    expect(state().textContent).toContain('Front camera');
    expect(transport.sent).toContainEqual({ type: 'settings', patch: { cameraDevice: 'Front camera' } });
  });

  it('turns the preview off and remembers it', async () => {
    const view = render(panel(false));
    await settle();
    fireEvent.click(screen.getByTestId('preview-toggle'));
    expect(screen.queryByTestId('camera-preview')).toBeNull();
    view.unmount();
    render(panel(false));
    await settle();
    expect(screen.queryByTestId('camera-preview')).toBeNull();
  });

  it('says so when the browser gives no camera access at all', async () => {
    deps = { ...deps, camera: { mediaDevices: undefined } };
    render(panel(false));
    await settle();
    expect(state().dataset.state).toBe('unsupported');
    expect(state().textContent).toMatch(/secure context/);
  });
});
