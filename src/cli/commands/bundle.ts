import { Command } from 'commander';
import { AirgapError } from '../../util/errors.js';
import { action, type RuntimeHost } from '../runtime.js';

// Placeholder until its issue lands: the command exists so the CLI surface is complete.
export function bundleCommand(host: RuntimeHost): Command {
  return new Command('bundle')
    .description('bundle (not implemented yet)')
    .allowUnknownOption()
    .argument('[args...]')
    .action(
      action(host, async () => {
        throw new AirgapError('"bundle" is not implemented yet', { code: 'ERR_NOT_IMPLEMENTED', hint: 'see the project issues for its status' });
      }),
    );
}
