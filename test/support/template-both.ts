// `template` of one chart by our CLI and by real Helm: for tests whose claim is "prints what Helm prints".
import { execa } from 'execa';
import { realHelm, type RealHelm } from './tools.js';
import { runCli, type CliResult } from '../discover/run-cli.js';

/** The --helm-version that follows a real Helm: a major names the Helm judged by (3.17.2, 4.1.4). */
export const followArgs = (judge: RealHelm): string[] => ['--helm-version', judge === 3 ? '3.17' : judge === 4 ? '4.1' : judge];

/** Our `template CHART` following real Helm `judge`, and its `template release-name CHART` (stdout; a Helm failure throws). */
export async function templateBoth(chart: string, judge: RealHelm = 4): Promise<{ ours: CliResult; helm: string }> {
  const { helm } = await realHelm(judge);
  const [real, ours] = await Promise.all([execa(helm, ['template', 'release-name', chart]), runCli(['template', chart, ...followArgs(judge)])]);
  return { ours, helm: real.stdout };
}
