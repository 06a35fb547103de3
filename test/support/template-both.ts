// `template` of one chart by our CLI and by real Helm: for tests whose claim is "prints what Helm prints".
import { execa } from 'execa';
import { realHelm } from './tools.js';
import { runCli, type CliResult } from '../discover/run-cli.js';

/** Our `template CHART` and real Helm `major`'s `template release-name CHART` (stdout; a Helm failure throws). */
export async function templateBoth(chart: string, major: 3 | 4 = 4): Promise<{ ours: CliResult; helm: string }> {
  const { helm } = await realHelm(major);
  const [real, ours] = await Promise.all([execa(helm, ['template', 'release-name', chart]), runCli(['template', chart])]);
  return { ours, helm: real.stdout };
}
