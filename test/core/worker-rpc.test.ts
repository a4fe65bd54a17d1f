import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SupervisedWorker } from '../../main/core/worker-rpc.ts';
import { BeckonError } from '../../main/common/errors.ts';

const entry = new URL('./fixtures/echo-worker.ts', import.meta.url);
type In = { samples: Float32Array; mode?: 'ok' | 'throw' | 'die' | 'hang' | 'active-streams' };
let worker: SupervisedWorker<{ gain: number; failInit?: boolean; slowInitMs?: number }, In, Float32Array> | null = null;

afterEach(async () => {
  await worker?.stop();
  worker = null;
});

describe('SupervisedWorker', () => {
  it('runs requests in a worker process; typed arrays arrive as typed arrays', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 2 } });
    const samples = new Float32Array([0.1, 0.2]);
    const out = await worker.run({ samples });
    expect(out).toBeInstanceOf(Float32Array);
    expect(Array.from(out)).toEqual([Float32Array.of(0.2)[0], Float32Array.of(0.4)[0]]);
    expect(samples.length).toBe(2); // the caller keeps its buffer
    expect(worker.pid).not.toBe(process.pid);
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
    // What a request sent right after a restart looks like from inside the new process.
    const raw = fork(fileURLToPath(new URL('../../main/core/worker-boot.mjs', import.meta.url)), [entry.href], { serialization: 'advanced', execArgv: [] });
    const replies: Array<{ id: number; ok: boolean; result?: Float32Array }> = [];
    const second = new Promise<void>((resolve) => raw.on('message', (m: (typeof replies)[number]) => replies.push(m) === 2 && resolve()));
    raw.send({ id: 1, type: 'init', payload: { gain: 4, slowInitMs: 200 } });
    raw.send({ id: 2, type: 'run', payload: { samples: Float32Array.of(1) } });
    await second;
    raw.kill('SIGKILL');
    expect(replies.map((r) => r.id)).toEqual([1, 2]);
    expect(replies[1]!.result![0]).toBe(4);
  });

  it('kills and restarts a worker that hangs past its time limit', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1 }, runTimeoutMs: 300 });
    await expect(worker.run({ samples: new Float32Array(1), mode: 'hang' })).rejects.toMatchObject({ code: 'WORKER_TIMEOUT' });
    expect((await worker.run({ samples: Float32Array.of(5) }))[0]).toBe(5);
  });

  it('survives the worker process being killed from outside, as a crash would', async () => {
    const restarts: string[] = [];
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 2 }, onRestart: (e) => restarts.push(e.code) });
    await worker.start();
    const pid = worker.pid!;
    const inFlight = worker.run({ samples: new Float32Array(1), mode: 'hang' }).catch((e: BeckonError) => e.code);
    process.kill(pid, 'SIGKILL');
    expect(await inFlight).toBe('WORKER_CRASHED');
    expect(restarts).toEqual(['WORKER_CRASHED']);
    expect((await worker.run({ samples: Float32Array.of(1) }))[0]).toBe(2);
    expect(worker.pid).not.toBe(pid);
  });

  it('stops cleanly while the model is still loading, and cannot be started again', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1, slowInitMs: 2_000 } });
    const starting = worker.start().catch((e: BeckonError) => e.code);
    const t0 = performance.now();
    await worker.stop();
    expect(await starting).toBe('WORKER_STOPPED');
    expect(performance.now() - t0).toBeLessThan(1_500); // did not wait for the load
    await expect(worker.run({ samples: new Float32Array(1) })).rejects.toMatchObject({ code: 'WORKER_STOPPED' });
  });

  it('gives up after too many crashes instead of looping', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1 }, maxRestarts: 2 });
    for (let i = 0; i < 3; i++) {
      await worker.run({ samples: new Float32Array(1), mode: 'die' }).catch(() => undefined);
    }
    await expect(worker.run({ samples: new Float32Array(1) })).rejects.toMatchObject({ code: 'WORKER_GAVE_UP' });
  });

  it('streams pieces in order and resolves when the worker is done', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 2 } });
    const pieces: number[] = [];
    await worker.stream<number>({ samples: Float32Array.of(1, 2, 3) }, (p) => pieces.push(p));
    expect(pieces).toEqual([2, 4, 6]);
  });

  it('a stream that fails mid-way keeps what came and rejects with the worker error', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1 } });
    const pieces: number[] = [];
    await expect(worker.stream<number>({ samples: Float32Array.of(1, 2, 3), mode: 'throw' }, (p) => pieces.push(p))).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(pieces).toEqual([1]);
  });

  it('cancelling a stream resolves at once, stops the loop in the worker and drops late pieces', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1 } });
    const controller = new AbortController();
    const pieces: number[] = [];
    const done = worker.stream<number>({ samples: Float32Array.of(7), mode: 'hang' }, (p) => {
      pieces.push(p);
      if (pieces.length === 3) controller.abort();
    }, controller.signal);
    await done;
    const seen = pieces.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(pieces.length).toBe(seen);
    expect(seen).toBe(3);
    // the worker's own loop ended too: nothing is still streaming there
    expect((await worker.run({ samples: new Float32Array(1), mode: 'active-streams' }))[0]).toBe(0);
  });

  it('a worker that dies mid-stream fails the stream with WORKER_CRASHED', async () => {
    worker = new SupervisedWorker({ entry, name: 'echo', init: { gain: 1 } });
    const streaming = worker.stream<number>({ samples: Float32Array.of(1), mode: 'hang' }, () => undefined);
    await new Promise((r) => setTimeout(r, 50));
    worker.kill('test');
    await expect(streaming).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
  });
});
