/**
 * Speed of the Whisper engine on this machine: `npx tsx test/asr/whisper/bench.ts [modelDir]`.
 * Defaults to the generated tiny test model; `make-test-model.py DIR --preset base` makes a
 * random-weight model with whisper-base's dimensions for realistic numbers. Prints JSON.
 */
import { WhisperEngine } from '../../../main/asr/engines/whisper.ts';
import { WhisperMel } from '../../../main/asr/engines/whisper/mel.ts';
import { ensureTestWhisperModel, readWav16, speechWav, tempDir } from './fixture.ts';

const modelDir = process.argv[2] ?? (await ensureTestWhisperModel());
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const speech = readWav16(await speechWav('turn on the kitchen lights and play some music please', tempDir()));
const full = new Float32Array(30 * 16_000);
full.set(speech);

const mel = new WhisperMel();
const out = new Float32Array(80 * 3000);
for (let i = 0; i < 3; i++) mel.compute(full, out);
const melMs: number[] = [];
for (let i = 0; i < 10; i++) {
  const t = performance.now();
  mel.compute(full, out);
  melMs.push(performance.now() - t);
}

const t0 = performance.now();
const engine = new WhisperEngine({ engine: 'whisper', modelDir, executionProvider: 'cpu', maxTokens: 64 }, { logger: quiet, logProbThreshold: -Infinity, noSpeechThreshold: 1 });
await engine.init();
const initMs = performance.now() - t0;

const runs: Awaited<ReturnType<typeof engine.transcribeDetailed>>[] = [];
for (let i = 0; i < 4; i++) runs.push(await engine.transcribeDetailed({ samples: full, final: true, lang: 'en' }));
const warm = runs.slice(1);
const perToken = (r: (typeof runs)[number]) => (r.decode!.decoderMs - r.decode!.firstStepMs) / Math.max(1, r.decode!.steps - 1);
const noCache = await engine.transcribeDetailed({ samples: full, final: true, lang: 'en' }, { useCache: false });
const detect = await engine.transcribeDetailed({ samples: full, final: true });

console.log(
  JSON.stringify(
    {
      modelDir,
      melMsPer30s: +median(melMs).toFixed(1),
      initMs: Math.round(initMs),
      encoderMs: +median(warm.map((r) => r.encoderMs)).toFixed(1),
      promptStepMs: +median(warm.map((r) => r.decode!.firstStepMs)).toFixed(2),
      perTokenMsCached: +median(warm.map(perToken)).toFixed(2),
      tokens: warm[0]!.decode!.tokens.length,
      perTokenMsNoCache: +((noCache.decode!.decoderMs - noCache.decode!.firstStepMs) / Math.max(1, noCache.decode!.steps - 1)).toFixed(2),
      totalMsPerWindow: +median(warm.map((r) => r.melMs + r.encoderMs + r.decode!.decoderMs)).toFixed(1),
      // detection runs <|startoftranscript|> alone first, then the rest of the prompt on its cache
      detectionStepMs: +detect.decode!.firstStepMs.toFixed(2),
    },
    null,
    1,
  ),
);
await engine.dispose();
