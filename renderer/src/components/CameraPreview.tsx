import { useEffect, useRef } from 'react';
import type { Perception } from '../../../main/common/perception.ts';
import { drawPerception } from '../vision/draw.ts';

/**
 * The camera picture with the hand skeleton and face boxes over it. Shown mirrored (a selfie view): the
 * picture and the overlay flip together, the landmarks themselves stay in the camera's coordinates.
 */
export function CameraPreview({ stream, perception }: { stream: MediaStream | null; perception: Perception | null }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream;
    if (stream) void video.play?.()?.catch?.(() => {});
  }, [stream]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext?.('2d');
    if (!canvas || !ctx) return;
    if (perception && (canvas.width !== perception.width || canvas.height !== perception.height)) {
      canvas.width = perception.width;
      canvas.height = perception.height;
    }
    const drawn = drawPerception(ctx, perception, canvas.width, canvas.height);
    canvas.dataset.landmarks = String(drawn);
    canvas.dataset.faces = String(perception?.faces.length ?? 0);
  }, [perception]);

  return (
    <div className="camera-preview" data-testid="camera-preview">
      <video ref={videoRef} muted playsInline aria-label="Camera preview" />
      <canvas ref={canvasRef} data-testid="camera-overlay" aria-hidden="true" />
    </div>
  );
}
