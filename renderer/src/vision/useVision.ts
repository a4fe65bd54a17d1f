/**
 * The live camera path of the dashboard: Camera -> detached <video> -> FrameLoop -> vision worker ->
 * transport.send({ type: 'perception' }). The engine's refusals (e.g. NOT_AVAILABLE while it has no
 * vision) are only counted: the camera side works on regardless.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Perception } from '../../../main/common/perception.ts';
import type { Transport } from '../transport/types.ts';
import { Camera, type CameraDevice, type CameraOptions, type CameraState } from './camera.ts';
import { VisionClient, VisionError } from './client.ts';
import { FrameLoop, type FrameSink } from './frame-loop.ts';

export interface VisionStats {
  processed: number;
  dropped: number;
  /** perceptions the engine accepted */
  sent: number;
  /** perceptions the engine refused (counted, not shown as errors) */
  refused: number;
  lastRefusal: string | null;
  /** model time of the last frame, ms */
  lastMs: number;
}

export interface VisionDeps {
  camera?: CameraOptions;
  /** the worker client; default a real VisionClient (a Web Worker) */
  createSink?: () => FrameSink & { ready: Promise<{ warnings: string[] }>; close(): void };
}

export interface VisionView {
  camera: CameraState;
  devices: CameraDevice[];
  stream: MediaStream | null;
  perception: Perception | null;
  stats: VisionStats;
  problem: { message: string; hint: string } | null;
  warnings: string[];
  retry(): void;
}

const ZERO: VisionStats = { processed: 0, dropped: 0, sent: 0, refused: 0, lastRefusal: null, lastMs: 0 };

export function useVision(transport: Transport, muted: boolean, device: string | undefined, deps: VisionDeps = {}): VisionView {
  const [camera, setCamera] = useState<CameraState>({ state: 'muted' });
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [devices, setDevices] = useState<CameraDevice[]>([]);
  const [perception, setPerception] = useState<Perception | null>(null);
  const [stats, setStats] = useState<VisionStats>(ZERO);
  const [problem, setProblem] = useState<VisionView['problem']>(null);
  const [warnings, setWarnings] = useState<string[]>([]);
  const cameraRef = useRef<Camera | null>(null);
  const counts = useRef({ sent: 0, refused: 0, lastRefusal: null as string | null });

  useEffect(() => {
    const cam = new Camera(deps.camera);
    cameraRef.current = cam;
    const offs = [cam.onState(setCamera), cam.onStream(setStream)];
    return () => {
      offs.forEach((off) => off());
      cam.dispose();
      cameraRef.current = null;
    };
    // the camera lives as long as the panel; deps are fixed at mount
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // the device first: an unmute then opens the chosen camera at once
  useEffect(() => cameraRef.current?.setDevice(device), [device]);
  useEffect(() => cameraRef.current?.setMuted(muted), [muted]);

  // the device list has labels only once the camera is allowed: refresh it whenever a stream starts
  useEffect(() => {
    void cameraRef.current?.devices().then(setDevices, () => setDevices([]));
  }, [stream]);

  useEffect(() => {
    if (!stream) return;
    const cam = cameraRef.current!;
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.srcObject = stream;
    void video.play().catch(() => {});
    const sink = deps.createSink ? deps.createSink() : new VisionClient({ mode: 'VIDEO' });
    let stopped = false;
    const loop = new FrameLoop({
      video,
      sink,
      fps: cam.fps,
      onPerception: (p, loopStats) => {
        setPerception(p);
        transport.send({ type: 'perception', perception: p }).then(
          (reply) => {
            if (reply.ok) counts.current.sent++;
            else {
              counts.current.refused++;
              counts.current.lastRefusal = reply.code;
            }
          },
          () => counts.current.refused++,
        );
        setStats({ ...loopStats, ...counts.current });
      },
      onFrameError: (e) => {
        if (e instanceof VisionError && e.code !== 'FRAME_FAILED') setProblem({ message: e.message, hint: e.hint });
      },
    });
    sink.ready.then(
      (r) => {
        setProblem(null);
        setWarnings(r.warnings);
        if (!stopped) loop.start();
      },
      (e: unknown) => setProblem(e instanceof VisionError ? { message: e.message, hint: e.hint } : { message: String(e), hint: 'reload the page' }),
    );
    return () => {
      stopped = true;
      loop.stop();
      sink.close();
      video.srcObject = null;
      setPerception(null);
    };
  }, [stream, transport, deps.createSink]);

  const retry = useCallback(() => void cameraRef.current?.retry(), []);
  return { camera, devices, stream, perception, stats, problem, warnings, retry };
}
