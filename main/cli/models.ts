import { join } from 'node:path';
import type { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { findModel, generatedModelsDir, modelsCacheDir, modelStatus } from '../models/manifest.ts';
import { BeckonError } from '../common/errors.ts';
import { exitWithError } from './fail.ts';
import { buildModels } from '../models/build.ts';
import { BUILDERS } from '../models/builders.ts';

export function registerModelsCommand(program: Command): void {
  const models = program
    .command('models')
    .description('list the models Beckon uses, their licence, where they are and whether they are present')
    .option('--json', 'print the list as JSON')
    .action((opts: { json?: boolean }) => {
      const list = modelStatus();
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
        return;
      }
      for (const m of list) {
        process.stdout.write(
          `${m.present ? 'present' : 'missing'}  ${m.name.padEnd(20)} ${m.task.padEnd(5)} ${m.licence.padEnd(13)} ${m.resolvedPath}${m.testOnly ? '  (test fixture, random weights)' : ''}\n` +
            (m.present ? '' : `         get it: ${m.source}\n`),
        );
      }
      process.stdout.write(`downloaded models go to ${modelsCacheDir()} (set BECKON_MODELS_DIR to change)\n`);
      process.stdout.write(`built models go to ${generatedModelsDir()} (npx beckon models build)\n`);
    });

  models
    .command('build')
    .description(`build the models Beckon makes from installed npm files, when missing or stale: ${BUILDERS.map((b) => b.name).join(', ')}`)
    .argument('[names...]', 'only these models (default: all buildable)')
    .option('--force', 'rebuild even when up to date')
    .action(async (names: string[], opts: { force?: boolean }) => {
      try {
        await buildModels(BUILDERS, {
          force: opts.force,
          only: names,
          onOutcome: (o) =>
            process.stdout.write(`${o.action.padEnd(10)} ${o.name.padEnd(26)} ${o.path}  sha256 ${o.sha256.slice(0, 16)}…  ${Math.round(o.ms)} ms\n`),
        });
      } catch (err) {
        exitWithError(err);
      }
    });

  models
    .command('fetch')
    .description('download a model from its hub (needs a network): whisper-tiny, whisper-base, whisper-small')
    .argument('<name>', 'model name from `beckon models`')
    .action(async (name: string) => {
      try {
        const entry = findModel(name);
        const size = /^whisper-(tiny|base|small)$/.exec(name)?.[1] as 'tiny' | 'base' | 'small' | undefined;
        if (!size) throw new BeckonError('NOT_FETCHABLE', `${name} is not downloaded by Beckon`, `Get it this way: ${entry.source}`);
        const { fetchWhisperModel } = await import('../asr/engines/whisper/fetch.ts');
        const bar = new SingleBar({ format: `${name} {bar} {percentage}% | {file}` }, Presets.shades_classic);
        let started = false;
        const dest = join(modelsCacheDir(), name);
        await fetchWhisperModel(size, dest, {
          onProgress: (p: { file: string; receivedBytes: number; totalBytes: number | null }) => {
            const total = p.totalBytes ?? 0;
            if (!started) bar.start(100, 0, { file: p.file });
            started = true;
            bar.update(total > 0 ? Math.floor((p.receivedBytes / total) * 100) : 0, { file: p.file });
          },
        });
        if (started) bar.stop();
        process.stdout.write(`${name} is in ${dest}\n`);
      } catch (err) {
        exitWithError(err);
      }
    });
}
