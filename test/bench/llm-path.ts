/**
 * Bench: end of speech -> first spoken audio on the LLM path. Real espeak-ng questions, paced in real
 * time, through VAD -> pocketsphinx (command grammar + dictation fallback) -> intent -> LLM stage ->
 * espeak-ng TTS, against the scripted OpenAI-compatible test server at a fixed token rate.
 */
import { createEngine } from '../../main/engine/compose.ts';
import { silentLogger } from '../../main/core/log.ts';
import { speakToWav } from '../support/speech.ts';
import { startOpenAiServer } from '../support/openai-server.ts';

export const LLM_BENCH = { tokenMs: 33, firstTokenDelayMs: 200 } as const; // ~30 tokens/s after a 200 ms first token
/** the spoken questions; test/bench/dictation-tuning.ts decodes the same ones */
export const LLM_BENCH_QUESTIONS = [
  'what is the weather like today',
  'tell me a joke',
  'why is the sky blue',
  'what is the capital of france',
  'how far away is the moon',
  'can you help me write a letter',
  'who wrote the book',
  'how do I cook rice',
];
const ANSWER = 'Here is a short answer. It has a second sentence as well. And a third one to finish.';

export interface LlmPathResult {
  /** Vad end -> first Speak audio, for the utterances that became chat */
  eosToFirstAudioMs: number[];
  /** questions that reached the LLM (chat intents) out of all */
  chat: number;
  total: number;
}

export async function benchLlmPath(): Promise<LlmPathResult> {
  const server = await startOpenAiServer();
  const eosToFirstAudioMs: number[] = [];
  let chat = 0;
  try {
    for (const question of LLM_BENCH_QUESTIONS) {
      server.script({ text: ANSWER, ...LLM_BENCH });
      const path = await speakToWav(question);
      const engine = await createEngine(
        {
          input: { kind: 'wav', path, realtime: true },
          asr: { prefer: 'pocketsphinx' },
          actions: { dryRun: true },
          tts: { play: false },
          llm: { url: server.url },
        },
        silentLogger,
      );
      let vadEnd: number | null = null;
      let isChat = false;
      let firstAudio: number | null = null;
      for await (const e of engine.events) {
        if (e.kind === 'Vad' && e.state === 'end' && vadEnd === null) vadEnd = e.t;
        if (e.kind === 'Intent' && e.name === 'chat') isChat = true;
        if (e.kind === 'Speak' && e.state === 'audio' && firstAudio === null) firstAudio = e.t;
      }
      await engine.stop();
      if (isChat) chat++;
      if (isChat && vadEnd !== null && firstAudio !== null) eosToFirstAudioMs.push(firstAudio - vadEnd);
    }
  } finally {
    await server.close();
  }
  return { eosToFirstAudioMs, chat, total: LLM_BENCH_QUESTIONS.length };
}
