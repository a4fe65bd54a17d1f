import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Perception } from '../../../main/common/perception.ts';
import { FrameLoop, type FrameSink } from '../../../renderer/src/vision/frame-loop.ts';

const perception = (frameT: number): Perception => ({ frameT, width: 640, height: 480, hands: [], faces: [] });
const video = { readyState: 4, videoWidth: 640 } as HTMLVideoElement;
const bitmap = () => ({ close() {} }) as ImageBitmap;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('FrameLoop', () => {
  it('reads no more frames than the rate cap allows', async () => {
    const times: number[] = [];
    const sink: FrameSink = { busy: false, process: async (_b, t) => (times.push(t), { perception: perception(t), ms: 1 }) };
    const loop = new FrameLoop({ video, sink, fps: 10, onPerception: () => {}, grab: async () => bitmap(), now: () => Date.now() });
    loop.start();
    await vi.advanceTimersByTimeAsync(2000);
    loop.stop();
    expect(times.length).toBeGreaterThanOrEqual(15);
    expect(times.length).toBeLessThanOrEqual(21);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(100);
  });

  it('drops frames while the worker is busy instead of queueing them', async () => {
    let grabbed = 0;
    const sink: FrameSink = { busy: true, process: async () => ({ perception: perception(0), ms: 1 }) };
    const loop = new FrameLoop({ video, sink, fps: 15, onPerception: () => {}, grab: async () => (grabbed++, bitmap()), now: () => Date.now() });
    loop.start();
    await vi.advanceTimersByTimeAsync(1000);
    loop.stop();
    expect(grabbed).toBe(0);
    expect(loop.stats.dropped).toBeGreaterThanOrEqual(10);
  });

  it('waits for the video to have a frame, and goes on after a failed frame', async () => {
    const notYet = { readyState: 0, videoWidth: 0 } as HTMLVideoElement;
    let calls = 0;
    const sink: FrameSink = { busy: false, process: async () => (calls++, Promise.reject(new Error('bad frame'))) };
    const errors: Error[] = [];
    const idle = new FrameLoop({ video: notYet, sink, fps: 15, onPerception: () => {}, grab: async () => bitmap(), now: () => Date.now() });
    idle.start();
    await vi.advanceTimersByTimeAsync(500);
    idle.stop();
    expect(calls).toBe(0);
    const loop = new FrameLoop({ video, sink, fps: 15, onPerception: () => {}, onFrameError: (e) => errors.push(e), grab: async () => bitmap(), now: () => Date.now() });
    loop.start();
    await vi.advanceTimersByTimeAsync(500);
    loop.stop();
    expect(calls).toBeGreaterThan(2);
    expect(loop.stats.failed).toBe(calls);
    expect(errors[0]!.message).toBe('bad frame');
  });
});
