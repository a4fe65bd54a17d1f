import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { createDefaultTtsEngine } from '../tts/default-engine.ts';
import { exitWithError } from './fail.ts';

export function registerSayCommand(program: Command): void {
  program
    .command('say')
    .description('speak text with the TTS engine')
    .argument('<text...>', 'what to say')
    .option('--voice <name>', 'voice name (espeak-ng voice on Linux)')
    .option('--out <file.wav>', 'write the speech to a wav file instead of playing it')
    .action(async (words: string[], opts: { voice?: string; out?: string }) => {
      const text = words.join(' ');
      try {
        const engine = createDefaultTtsEngine({ voice: opts.voice });
        if (opts.out) {
          await writeFile(opts.out, await engine.synthesize(text, { voice: opts.voice }));
          process.stdout.write(`wrote ${opts.out}\n`);
        } else {
          await engine.speak(text, { voice: opts.voice });
        }
      } catch (err) {
        exitWithError(err);
      }
    });
}
