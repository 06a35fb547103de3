// bin/helm-airgap answers `--version`, `version`, `--help` and `-h` alone from dist/answers.json
// (written by scripts/build.mjs from the CLI itself) without loading the CLI. Every answer must be
// what the CLI prints, in a pipe and on a terminal of any width (help has a fixed layout), and
// anything else on the line must reach the CLI.
import { execa } from 'execa';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { requireTool } from '../support/tools.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
const ANSWERS = fileURLToPath(new URL('../../dist/answers.json', import.meta.url));
const full = { ...process.env, HELM_AIRGAP_NO_ANSWERS: '1' };

describe('answers printed without loading the CLI', () => {
  it.each(['--version', 'version', '--help', '-h'])('%s is the CLI’s own output', async (arg) => {
    const answers = JSON.parse(await readFile(ANSWERS, 'utf8')) as Record<string, string>;
    const fast = await execa(BIN, [arg]);
    const cli = await execa(BIN, [arg], { env: full });
    expect(fast.stdout).toBe(cli.stdout);
    expect(answers[arg]).toBe(cli.stdout + '\n');
  });

  it('help on a 200-column terminal is the answer too (fixed layout)', async () => {
    const script = await requireTool('script', 'bsdutils (apt-get install bsdutils)');
    const onTty = async (env: NodeJS.ProcessEnv) =>
      (await execa(script, ['-qec', `stty cols 200; ${BIN} --help`, '/dev/null'], { env })).stdout.replace(/\r/g, '');
    const fast = await onTty(process.env);
    expect(fast).toContain('Usage: helm airgap');
    expect(await onTty(full)).toBe(fast);
  });

  it('a command, a second argument or --version after a command reaches the CLI', async () => {
    const answers = JSON.parse(await readFile(ANSWERS, 'utf8')) as Record<string, string>;
    const json = await execa(BIN, ['version', '-o', 'json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ version: answers['--version']!.trim() });
    const help = await execa(BIN, ['push', '--help']);
    expect(help.stdout).toContain('--registry');
    const chartVersion = await execa(BIN, ['images', '--version'], { reject: false });
    expect(chartVersion.exitCode).toBe(2);
  });
});
