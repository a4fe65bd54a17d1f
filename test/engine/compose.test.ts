import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../main/engine/compose.ts';
import { silentLogger } from '../../main/core/log.ts';
import { ensureQwen2TestTiny } from '../../main/models/llm/qwen2-gguf.ts';
import { writeChatSession } from '../support/llm.ts';
import { tempDir } from '../support/speech.ts';
import type { FusionRule } from '../../main/fusion/rules.ts';

/** This process's child processes (Linux). */
function children(): string[] {
  return readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
}

describe('createEngine', () => {
  it('a failure after the language model was loaded stops its worker: nothing outlives the error', async () => {
    const gguf = await ensureQwen2TestTiny();
    const session = await writeChatSession(tempDir('beckon-compose-'), 'hello');
    const before = children().length;
    // a gesture the recogniser has no label for fails after the model has loaded
    const rules = [{ kind: 'gesture', gesture: 'jazz-hands', intent: 'media.pause', minScore: 0.6 }] as FusionRule[];
    await expect(
      createEngine({ input: { kind: 'events', path: session, realtime: false }, asr: {}, actions: { dryRun: true }, tts: { play: false }, llm: { gguf, contextSize: 512 }, fusionRules: rules }, silentLogger),
    ).rejects.toThrow(/gesture mapping at 0.gesture/);
    await expect.poll(() => children().length, { timeout: 5000, interval: 50 }).toBe(before);
  }, 60_000);
});
