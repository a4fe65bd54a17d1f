/**
 * Turns what the camera side measured (hand landmarks, face crops) into Gesture and Emotion event
 * bodies. The same code serves the live engine and `beckon see`, so a setup checked on an image
 * behaves the same on the webcam.
 */
import type { EventBody } from '../common/events.ts';
import type { Perception } from '../common/perception.ts';
import { type BeckonError, toBeckonError } from '../common/errors.ts';
import { GestureEngine, type GestureEngineOptions } from './gestures/index.ts';
import { EmotionClassifier, EmotionSmoother, type EmotionProbs } from './emotion/index.ts';

export type VisionOutput = { kind: 'Gesture'; body: EventBody<'Gesture'> } | { kind: 'Emotion'; body: EventBody<'Emotion'> };

export interface VisionProcessorOptions {
  gestures?: GestureEngineOptions;
  /** false turns emotion off; otherwise the emotion model's options */
  emotion?: false | { modelPath?: string; perSecond?: number };
  /** how often a steady emotion is reported again, so confidences stay current (ms of camera time) */
  emotionRefreshMs?: number;
  /** told once when emotion cannot run (a missing model): gestures go on without it */
  onEmotionUnavailable?: (error: BeckonError) => void;
}

export class VisionProcessor {
  private readonly gestures: GestureEngine;
  private readonly smoother = new EmotionSmoother();
  private readonly classifier: EmotionClassifier | null;
  private emotionReady: Promise<boolean> | null = null;
  private lastEmotionAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: VisionProcessorOptions = {}) {
    this.gestures = new GestureEngine(options.gestures);
    this.classifier = options.emotion === false ? null : new EmotionClassifier(options.emotion ?? {});
  }

  /** Loads the emotion model (in its worker); resolves false, and says why once, when it cannot. */
  start(): Promise<boolean> {
    this.emotionReady ??= this.classifier
      ? this.classifier.start().then(
          () => true,
          (err: unknown) => {
            this.options.onEmotionUnavailable?.(toBeckonError(err, 'EMOTION_UNAVAILABLE'));
            return false;
          },
        )
      : Promise.resolve(false);
    return this.emotionReady;
  }

  /**
   * One camera frame. `live` rate-limits emotion (5 a second by default) and never queues behind a
   * running classification; off-line (images, video files) every face crop is classified.
   */
  async process(perception: Perception, mode: { live: boolean }): Promise<VisionOutput[]> {
    const out: VisionOutput[] = this.gestures
      .update({ t: perception.frameT, hands: perception.hands, width: perception.width, height: perception.height })
      .map((body) => ({ kind: 'Gesture', body }));
    const emotion = await this.emotionOf(perception, mode.live);
    if (emotion) out.push({ kind: 'Emotion', body: emotion });
    return out;
  }

  /** Probabilities for one face crop (base64 64x64 grey), unsmoothed: what `beckon see` prints per face. */
  async classifyCrop(crop: string): Promise<EmotionProbs | null> {
    if (!this.classifier || !(await this.start())) return null;
    return this.classifier.classify(Buffer.from(crop, 'base64'));
  }

  async stop(): Promise<void> {
    await this.classifier?.stop();
  }

  private async emotionOf(perception: Perception, live: boolean): Promise<EventBody<'Emotion'> | null> {
    if (!this.classifier || !(await this.start())) return null;
    const t = perception.frameT;
    let state;
    if (perception.faces.length === 0) state = this.smoother.noFace(t);
    else {
      const crop = perception.faces.find((f) => f.crop !== undefined)?.crop;
      if (crop === undefined) return null;
      const pixels = Buffer.from(crop, 'base64');
      const probs = live ? await this.classifier.classifyLive(pixels, t) : await this.classifier.classify(pixels);
      if (!probs) return null;
      state = this.smoother.update(t, probs);
    }
    const refresh = t - this.lastEmotionAt >= (this.options.emotionRefreshMs ?? 1000);
    if (!state.changed && !(refresh && state.label !== 'no-face')) return null;
    this.lastEmotionAt = t;
    return { label: state.label, probs: { ...state.probs } };
  }
}
