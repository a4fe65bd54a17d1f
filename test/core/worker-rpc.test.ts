import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SupervisedWorker } from '../../main/core/worker-rpc.ts';
import { BeckonError } from '../../main/common/errors.ts';

const entry = new URL('./fixtures/echo-worker.ts', import.meta.url);
type In = { samples: Float32Array; mode?: 'ok' | 'throw' | 'die' | 'hang' };
let worker: SupervisedWorker<{ gain: number; failInit?: boolean; slowInitMs?: number }, In, Float32Array> | null = null;

afterEach(async () => {
  await worker?.stop();
  worker = null;
});

describe('SupervisedWorker', () => {
  it('runs requests in a worker thread and transfers buffers', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 2 } });
    const samples = new Float32Array([0.1, 0.2]);
    const out = await worker.run({ samples }, [samples.buffer]);
    expect(Array.from(out)).toEqual([Float32Array.of(0.2)[0], Float32Array.of(0.4)[0]]);
    expect(samples.byteLength).toBe(0); // moved, not copied
    expect(await worker.ping()).toBeGreaterThan(0);
  });

  it('passes a worker error through with its code and keeps the worker', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1 } });
    await expect(worker.run({ samples: new Float32Array(1), mode: 'throw' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect((await worker.run({ samples: Float32Array.of(1) }))[0]).toBe(1);
  });

  it('fails init with the hint from the worker', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1, failInit: true } });
    const err = await worker.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BeckonError);
    expect(err).toMatchObject({ code: 'MODEL_MISSING', hint: 'fetch it' });
  });

  it('restarts a worker that dies mid-request and serves the next request', async () => {
    const restarts: string[] = [];
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 3 }, onRestart: (e) => restarts.push(e.code) });
    await expect(worker.run({ samples: new Float32Array(1), mode: 'die' })).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    expect(restarts).toEqual(['WORKER_CRASHED']);
    expect((await worker.run({ samples: Float32Array.of(1) }))[0]).toBe(3);
  });

  it('in the worker, a run that arrives while init is still loading waits for it', async () => {
    // What a request sent right after a restart looks like from inside the new thread.
    const raw = new Worker(new URL('../../main/core/worker-boot.mjs', import.meta.url), { workerData: { entry: entry.href } });
    const replies: Array<{ id: number; ok: boolean; result?: Float32Array }> = [];
    const second = new Promise<void>((resolve) => raw.on('message', (m) => replies.push(m) === 2 && resolve()));
    raw.postMessage({ id: 1, type: 'init', payload: { gain: 4, slowInitMs: 200 } });
    raw.postMessage({ id: 2, type: 'run', payload: { samples: Float32Array.of(1) } });
    await second;
    await raw.terminate();
    expect(replies.map((r) => r.id)).toEqual([1, 2]);
    expect(replies[1]!.result![0]).toBe(4);
  });

  it('kills and restarts a worker that hangs past its time limit', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1 }, runTimeoutMs: 300 });
    await expect(worker.run({ samples: new Float32Array(1), mode: 'hang' })).rejects.toMatchObject({ code: 'WORKER_TIMEOUT' });
    expect((await worker.run({ samples: Float32Array.of(5) }))[0]).toBe(5);
  });

  it('gives up after too many crashes instead of looping', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1 }, maxRestarts: 2 });
    for (let i = 0; i < 3; i++) {
      await worker.run({ samples: new Float32Array(1), mode: 'die' }).catch(() => undefined);
    }
    await expect(worker.run({ samples: new Float32Array(1) })).rejects.toMatchObject({ code: 'WORKER_GAVE_UP' });
  });
});
