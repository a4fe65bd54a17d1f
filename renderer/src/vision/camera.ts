/**
 * The camera: getUserMedia with a chosen device and frame rate, released while the page is hidden or the
 * camera is muted in settings, and a state with a message a person can act on for every way it fails.
 * No React here: the dashboard uses it through useCamera, and it can be tested with a fake mediaDevices.
 */

export type CameraState =
  | { state: 'muted' }
  | { state: 'starting' }
  | { state: 'running'; label: string; deviceId: string }
  | { state: 'paused-hidden' }
  | { state: 'denied' }
  | { state: 'not-found' }
  | { state: 'in-use' }
  | { state: 'unplugged'; label: string }
  | { state: 'unsupported' }
  | { state: 'error'; message: string };

/** What the user reads for each state. */
export function cameraMessage(s: CameraState): string {
  switch (s.state) {
    case 'muted':
      return 'Camera muted in settings: gestures and emotions are not being read.';
    case 'starting':
      return 'Starting the camera…';
    case 'running':
      return `Camera on${s.label ? `: ${s.label}` : ''}.`;
    case 'paused-hidden':
      return 'Camera paused while the window is hidden.';
    case 'denied':
      return 'Camera access was denied. Allow the camera for this page in the browser (site settings) or the system privacy settings, then retry.';
    case 'not-found':
      return 'No camera was found. Plug one in, then retry.';
    case 'in-use':
      return 'The camera is in use by another application, or the system cannot start it. Close the other application, then retry.';
    case 'unplugged':
      return `The camera${s.label ? ` (${s.label})` : ''} was disconnected. Plug it back in, then retry.`;
    case 'unsupported':
      return 'This browser gives the page no camera access (it needs a secure context: http://localhost or https).';
    case 'error':
      return `The camera could not start: ${s.message}`;
  }
}

/** States a person has to do something about (a retry button goes with them). */
export const isCameraProblem = (s: CameraState) => ['denied', 'not-found', 'in-use', 'unplugged', 'unsupported', 'error'].includes(s.state);

export const DEFAULT_FPS = 15;

export interface CameraOptions {
  mediaDevices?: MediaDevices | undefined;
  document?: Document;
  /** processing rate cap, frames per second; also asked of the camera */
  fps?: number;
}

export interface CameraDevice {
  deviceId: string;
  label: string;
}

export class Camera {
  readonly fps: number;
  private readonly media: MediaDevices | undefined;
  private readonly doc: Document;
  private stream: MediaStream | null = null;
  private current: CameraState = { state: 'muted' };
  private muted = true;
  private wanted: string | undefined;
  private readonly listeners = new Set<(s: CameraState) => void>();
  private readonly streamListeners = new Set<(s: MediaStream | null) => void>();
  /** bumped on every start/stop: a getUserMedia that resolves after a newer request is discarded */
  private generation = 0;

  constructor(options: CameraOptions = {}) {
    this.media = 'mediaDevices' in options ? options.mediaDevices : globalThis.navigator?.mediaDevices;
    this.doc = options.document ?? globalThis.document;
    this.fps = options.fps ?? DEFAULT_FPS;
    this.doc.addEventListener('visibilitychange', this.onVisibility);
    this.media?.addEventListener?.('devicechange', this.onDeviceChange);
  }

  get state(): CameraState {
    return this.current;
  }

  get mediaStream(): MediaStream | null {
    return this.stream;
  }

  onState(cb: (s: CameraState) => void): () => void {
    this.listeners.add(cb);
    cb(this.current);
    return () => this.listeners.delete(cb);
  }

  onStream(cb: (s: MediaStream | null) => void): () => void {
    this.streamListeners.add(cb);
    cb(this.stream);
    return () => this.streamListeners.delete(cb);
  }

  /** Mute (settings) stops the camera; unmuting starts it unless the page is hidden. */
  setMuted(muted: boolean): void {
    if (muted === this.muted) return;
    this.muted = muted;
    void this.refresh();
  }

  /** A deviceId or a device label; undefined = the system default. */
  setDevice(device: string | undefined): void {
    if (device === this.wanted) return;
    this.wanted = device;
    if (!this.muted) void this.refresh(true);
  }

  retry(): Promise<void> {
    return this.refresh(true);
  }

  async devices(): Promise<CameraDevice[]> {
    if (!this.media?.enumerateDevices) return [];
    const all = await this.media.enumerateDevices();
    return all.filter((d) => d.kind === 'videoinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `Camera ${i + 1}` }));
  }

  dispose(): void {
    this.doc.removeEventListener('visibilitychange', this.onVisibility);
    this.media?.removeEventListener?.('devicechange', this.onDeviceChange);
    this.release();
    this.listeners.clear();
    this.streamListeners.clear();
  }

  private async refresh(restart = false): Promise<void> {
    if (this.muted) return this.stop({ state: 'muted' });
    if (this.doc.visibilityState === 'hidden') return this.stop({ state: 'paused-hidden' });
    if (this.stream && !restart) return;
    await this.start();
  }

  private stop(next: CameraState): void {
    this.generation++;
    this.release();
    this.set(next);
  }

  private async start(): Promise<void> {
    this.release();
    const generation = ++this.generation;
    if (!this.media?.getUserMedia) return this.set({ state: 'unsupported' });
    this.set({ state: 'starting' });
    let stream: MediaStream;
    try {
      stream = await this.open(await this.resolveDevice());
    } catch (e) {
      if (generation === this.generation) this.set(stateForError(e));
      return;
    }
    if (generation !== this.generation) {
      stream.getTracks().forEach((t) => t.stop());
      return;
    }
    const track = stream.getVideoTracks()[0];
    if (!track) {
      stream.getTracks().forEach((t) => t.stop());
      return this.set({ state: 'not-found' });
    }
    const label = track.label;
    track.addEventListener('ended', () => {
      if (this.stream !== stream) return;
      this.generation++;
      this.release();
      this.set({ state: 'unplugged', label });
    });
    this.stream = stream;
    this.streamListeners.forEach((cb) => cb(stream));
    this.set({ state: 'running', label, deviceId: track.getSettings?.().deviceId ?? '' });
  }

  private async open(deviceId: string | undefined): Promise<MediaStream> {
    const video = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: this.fps } };
    try {
      return await this.media!.getUserMedia({ audio: false, video: deviceId ? { ...video, deviceId: { exact: deviceId } } : video });
    } catch (e) {
      // the chosen camera is gone: the default one is better than none
      if (deviceId && errorName(e) === 'OverconstrainedError') return this.media!.getUserMedia({ audio: false, video });
      throw e;
    }
  }

  /** Settings may name a camera by label (stable for a person) or by deviceId. */
  private async resolveDevice(): Promise<string | undefined> {
    if (!this.wanted) return undefined;
    const list = await this.devices().catch(() => []);
    return list.find((d) => d.deviceId === this.wanted || d.label === this.wanted)?.deviceId ?? this.wanted;
  }

  private release(): void {
    if (!this.stream) return;
    this.stream.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.streamListeners.forEach((cb) => cb(null));
  }

  private set(next: CameraState): void {
    this.current = next;
    this.listeners.forEach((cb) => cb(next));
  }

  private readonly onVisibility = () => void this.refresh();

  /** A camera plugged in after "not found" or "unplugged" is picked up without a click. */
  private readonly onDeviceChange = () => {
    if (['not-found', 'unplugged'].includes(this.current.state)) void this.refresh(true);
  };
}

const errorName = (e: unknown) => (e && typeof e === 'object' && 'name' in e ? String((e as { name: unknown }).name) : '');

export function stateForError(e: unknown): CameraState {
  switch (errorName(e)) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return { state: 'denied' };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return { state: 'not-found' };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return { state: 'in-use' };
    default:
      return { state: 'error', message: e instanceof Error ? e.message : String(e) };
  }
}
