import { Command } from 'commander';
import { AirgapError } from '../../util/errors.js';
import { action, type RuntimeHost } from '../runtime.js';

// Placeholder until its issue lands: the command exists so the CLI surface is complete.
export function postrenderCommand(host: RuntimeHost): Command {
  return new Command('postrender')
    .description('postrender (not implemented yet)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(
      action(host, async () => {
        throw new AirgapError('"postrender" is not implemented yet', { code: 'ERR_NOT_IMPLEMENTED', hint: 'see the project issues for its status' });
      }),
    );
}
