import { Command } from 'commander';
import { registerLoopCommands } from './run.ts';
import { registerSayCommand } from './say.ts';
import { registerModelsCommand } from './models.ts';
import { registerServeCommand } from './serve.ts';
import { registerSeeCommand } from './see/index.ts';
import { exitWithError } from './fail.ts';

const program = new Command()
  .name('beckon')
  .description('Beckon: an offline voice and gesture assistant. Nothing leaves this machine.')
  .version('0.1.0');

registerLoopCommands(program);
registerSayCommand(program);
registerModelsCommand(program);
registerSeeCommand(program);
registerServeCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => exitWithError(err));
