/**
 * Measures pocketsphinx process models for ~2 s commands (run: npx tsx test/asr/pocketsphinx.bench.ts).
 *  A: PocketsphinxEngine.transcribe (one decoder per utterance + a phone-loop decode for confidence)
 *  B: one grammar decoder per utterance, nothing else
 *  C: one long-lived decoder fed through a FIFO, its VAD ending each utterance (needs ~0.6 s of
 *     trailing silence per utterance to get a result out; timed from the last speech sample written)
 */
import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_POCKETSPHINX_MODEL_DIR as MODEL, PocketsphinxEngine, toPcm16 } from '../../main/asr/engines/pocketsphinx.ts';
import { dictionaryFor, grammarWords } from '../../main/asr/engines/pocketsphinx-grammar.ts';
import { runProgram } from '../../main/asr/engines/child-process.ts';
import { COMMAND_GRAMMAR, COMMANDS, concat, silence, speak, VOICES } from './speech.ts';

const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'beckon-ps-bench-'));
  const clips: { text: string; samples: Float32Array }[] = [];
  for (const voice of VOICES) for (const text of COMMANDS) clips.push({ text, samples: concat(silence(300), await speak(text, voice), silence(200)) });
  const audioMs = clips.map((c) => (c.samples.length / 16_000) * 1000);
  console.log(`${clips.length} clips, median ${median(audioMs).toFixed(0)} ms of audio`);

  // A
  const engine = new PocketsphinxEngine({ engine: 'pocketsphinx', jsgf: COMMAND_GRAMMAR });
  let t = performance.now();
  await engine.init();
  console.log(`A init: ${(performance.now() - t).toFixed(0)} ms`);
  const a: number[] = [];
  const rtf: number[] = [];
  let correct = 0;
  for (let r = 0; r < ROUNDS; r++)
    for (const [i, clip] of clips.entries()) {
      t = performance.now();
      const result = await engine.transcribe({ samples: clip.samples, final: true });
      const ms = performance.now() - t;
      a.push(ms);
      rtf.push(ms / audioMs[i]!);
      if (result.text === clip.text) correct++;
    }
  await engine.dispose();
  console.log(`A engine (decoder + phone loop per utterance): median ${median(a).toFixed(0)} ms, max ${Math.max(...a).toFixed(0)} ms, RTF ${median(rtf).toFixed(3)}, ${correct}/${a.length} exact`);

  // B
  const gram = path.join(dir, 'g.gram');
  const dict = path.join(dir, 'g.dict');
  await writeFile(gram, COMMAND_GRAMMAR);
  await writeFile(dict, dictionaryFor(grammarWords(COMMAND_GRAMMAR), await readFile(path.join(MODEL, 'cmudict-en-us.dict'), 'utf8')));
  const base = ['-hmm', path.join(MODEL, 'en-us'), '-dict', dict, '-jsgf', gram, '-dither', 'yes', '-seed', '1', '-logfn', '/dev/null'];
  const b: number[] = [];
  for (let r = 0; r < ROUNDS; r++)
    for (const clip of clips) {
      const file = path.join(dir, 'u.raw');
      await writeFile(file, toPcm16(clip.samples, 200));
      t = performance.now();
      await runProgram('pocketsphinx_continuous', [...base, '-infile', file, '-remove_silence', 'no'], Buffer.alloc(0), 30_000);
      b.push(performance.now() - t);
    }
  console.log(`B one grammar decoder per utterance: median ${median(b).toFixed(0)} ms, max ${Math.max(...b).toFixed(0)} ms`);

  // C
  const fifo = path.join(dir, 'audio.fifo');
  await promisify(execFile)('mkfifo', [fifo]);
  const child = spawn('pocketsphinx_continuous', [...base, '-infile', fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
  const writer = createWriteStream(fifo);
  const lines: ((line: string) => void)[] = [];
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.shift()?.(line);
    }
  });
  const c: number[] = [];
  let cCorrect = 0;
  let cMissing = 0;
  writer.write(toPcm16(silence(500)));
  for (let r = 0; r < ROUNDS; r++)
    for (const clip of clips) {
      const got = new Promise<string | null>((resolve) => {
        lines.push(resolve);
        setTimeout(() => resolve(null), 3_000);
      });
      // Speech, then the silence pocketsphinx's VAD needs to end the utterance (50 frames + a 2048-sample read).
      t = performance.now();
      writer.write(toPcm16(clip.samples));
      writer.write(toPcm16(silence(800)));
      const line = await got;
      if (line === null) {
        cMissing++;
        lines.shift();
        continue;
      }
      c.push(performance.now() - t);
      if (line.trim() === clip.text) cCorrect++;
    }
  writer.end();
  child.kill();
  console.log(`C long-lived decoder + VAD: median ${median(c).toFixed(0)} ms from first byte written, ${cCorrect}/${c.length} exact, ${cMissing} without a result in 3 s`);
  await rm(dir, { recursive: true, force: true });
}

await main();
