// The language model flags, and `beckon run --llm-gguf` end to end on the generated tiny qwen2 GGUF
// (real architecture and tokenizer, RANDOM weights: this checks plumbing, not answers).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { llmFromFlags } from '../../main/cli/llm-options.ts';
import { beckon, kinds } from '../e2e/cli.ts';
import { tempDir } from '../support/speech.ts';
import { writeChatSession } from '../support/llm.ts';
import { ensureQwen2TestTiny } from '../../main/models/llm/qwen2-gguf.ts';
import type { EventOf } from '../../main/common/events.ts';

describe('llmFromFlags', () => {
  it('nothing given: no language model', () => {
    expect(llmFromFlags({})).toBeUndefined();
  });

  it('a local model with its context and GPU layers', () => {
    expect(llmFromFlags({ llmGguf: 'm.gguf', llmContext: '4096', llmGpuLayers: '20' })).toMatchObject({ gguf: 'm.gguf', contextSize: 4096, gpuLayers: 20 });
    expect(llmFromFlags({ llmGguf: 'm.gguf', llmGpuLayers: 'max' })).toMatchObject({ gpuLayers: 'max' });
  });

  it('bad values and a server plus a file are clear errors', () => {
    expect(() => llmFromFlags({ llmGguf: 'm.gguf', llmContext: 'lots' })).toThrow(/--llm-context: "lots" is not a whole number/);
    expect(() => llmFromFlags({ llmGguf: 'm.gguf', llmGpuLayers: '-1' })).toThrow(/--llm-gpu-layers/);
    expect(() => llmFromFlags({ llmGguf: 'm.gguf', llmUrl: 'http://127.0.0.1:1/v1' })).toThrow(/cannot be used together/);
  });
});

describe('beckon run --llm-gguf', () => {
  let model: string;
  let dir: string;
  let session: string;
  beforeAll(async () => {
    model = await ensureQwen2TestTiny();
    dir = tempDir('beckon-gguf-cli-');
    session = await writeChatSession(dir, 'tell me a joke');
  }, 60_000);

  it('a question from a recorded session is answered by the local model, streamed in pieces', async () => {
    // the file keeps answers short; the flag names the model (flags and file merge)
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ llm: { maxTokens: 12, contextSize: 2048 } }));
    const { code, events, stderr } = await beckon(['run', '--events', session, '--config', config, '--llm-gguf', model, '--json', '--dry-run', '--no-speak', '--verbose'], { timeoutMs: 120_000 });
    expect(code).toBe(0);
    expect(stderr).toMatch(/language model: beckon-qwen2-test-tiny \(random weights\) \(qwen2\) on CPU, context 2048 tokens/);
    expect((kinds(events, 'Intent') as EventOf<'Intent'>[]).map((i) => i.name)).toEqual(['chat']);
    const replies = kinds(events, 'Reply') as EventOf<'Reply'>[];
    const partial = replies.filter((r) => r.partial);
    const final = replies.find((r) => !r.partial);
    expect(partial.length).toBeGreaterThan(1);
    expect(final?.text).toBe(partial.map((r) => r.text).join(''));
    expect(kinds(events, 'Error')).toEqual([]);
  }, 120_000);

  it('a file that is not GGUF stops before anything runs, saying what it is', async () => {
    const notes = join(dir, 'notes.gguf');
    await writeFile(notes, 'shopping list\n');
    const { code, stderr } = await beckon(['run', '--events', session, '--llm-gguf', notes, '--dry-run', '--no-speak']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('is not a GGUF model (it starts with "shopping"');
    expect(stderr).toMatch(/GGUF chat model/); // the hint
  }, 60_000);
});
