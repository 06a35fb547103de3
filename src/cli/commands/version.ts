import { Command } from 'commander';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { VERSION } from '../version.js';

const EXAMPLES = `
Examples:
  helm airgap version
  helm airgap version -o json
  # the same as the first, kept at the top level only (in a command --version is the chart version)
  helm airgap --version
`;

export interface VersionReport {
  version: string;
  node: string;
}

/** `helm airgap version`, as `helm version`: the top-level --version stays, every command's --version is a chart's. */
export function versionCommand(host: RuntimeHost): Command {
  return new Command('version').addHelpText('after', EXAMPLES).action(
    action(host, async (rt: Runtime) => {
      rt.reporter.result<VersionReport>({ version: VERSION, node: process.version }, (r) => r.version);
    }),
  );
}
