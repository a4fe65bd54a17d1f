// Helpers for the language model tests: reading a whole stream, and a recorded session with one
// spoken sentence (what `beckon run --events` replays into the stages after speech recognition).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LlmChunk } from '../../main/llm/engine.ts';

export async function collect(stream: AsyncIterable<LlmChunk>): Promise<LlmChunk[]> {
  const chunks: LlmChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** Writes session.jsonl in `dir`: speech from 0 to 900 ms, then its final transcript; `extra` lines follow. */
export async function writeChatSession(dir: string, text: string, extra: object[] = []): Promise<string> {
  const path = join(dir, 'session.jsonl');
  const base = { source: 'recording' };
  const lines = [
    { kind: 'Vad', t: 0, seq: 1, ...base, state: 'start', utteranceId: 'u1', at: 0, probability: 0.9 },
    { kind: 'Vad', t: 900, seq: 2, ...base, state: 'end', utteranceId: 'u1', at: 900, probability: 0.9 },
    { kind: 'Transcript', t: 1000, seq: 3, ...base, final: true, text, t0: 0, t1: 900, utteranceId: 'u1', lang: 'en', confidence: 0.9, engine: 'recorded' },
    ...extra,
  ];
  await writeFile(path, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return path;
}
