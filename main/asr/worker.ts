/**
 * The ASR worker process: holds one engine, transcribes one request at a time. Started by
 * SupervisedWorker (main/core/worker-rpc.ts) from the ASR stage; the samples arrive as a copy (structured clone).
 */
import { serveWorker } from '../core/worker-rpc.ts';
import { BeckonError } from '../common/errors.ts';
import type { AsrEngine, AsrEngineConfig, AsrRequest, AsrResult } from './engine.ts';
import { createEngine } from './engines/index.ts';

/** What the worker answers: the engine's result plus how long the engine itself took. */
export interface AsrWorkerResult extends AsrResult {
  engine: string;
  engineMs: number;
}

let engine: AsrEngine | null = null;

serveWorker<AsrEngineConfig, AsrRequest, AsrWorkerResult>({
  async init(config) {
    const created = await createEngine(config);
    await created.init();
    engine = created;
  },
  async run(request) {
    if (!engine) throw new BeckonError('ASR_NOT_READY', 'the speech engine is not initialised');
    const started = performance.now();
    const result = await engine.transcribe(request);
    return { ...result, engine: engine.name, engineMs: performance.now() - started };
  },
  async shutdown() {
    await engine?.dispose();
    engine = null;
  },
});
