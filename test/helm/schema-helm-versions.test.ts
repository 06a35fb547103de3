// A chart whose subcharts keep null defaults under a values.schema.json that wants strings and
// objects there. Real Helm 4.1 refuses it (it validates the nulls the subchart keeps); real Helm
// 3.17 renders it (it drops those nulls first); --skip-schema-validation renders it in both. Our
// output is compared byte for byte with real Helm's for each case, and the chart commands that
// render it for images follow the same Helm.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { realHelm, type HelmMajor } from '../support/tools.js';
import { fixtureChart } from './fixtures.js';
import { followArgs } from '../support/template-both.js';

const CHART = fixtureChart('null-defaults-schema');

async function helm(major: HelmMajor, args: string[]): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const { helm: bin } = await realHelm(major);
  const r = await execa(bin, ['template', CHART, ...args], {
    reject: false,
    env: { HELM_CACHE_HOME: '/nonexistent-cache', HELM_CONFIG_HOME: '/nonexistent-config' },
  });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('null defaults under a values schema, Helm 3 and Helm 4', () => {
  it('Helm 4 refuses it, and so do we, naming the same values', async () => {
    const real = await helm(4, []);
    expect(real.exitCode).not.toBe(0);
    const ours = await runCli(['template', CHART, ...followArgs(4)]);
    expect(ours.exitCode).toBe(1);
    for (const path of ['/image/tag', '/image/digest', '/resources/limits']) {
      expect(real.stderr).toContain(`'${path}'`);
      expect(ours.stderr).toContain(`'${path}'`);
    }
  });

  it.each<[string, HelmMajor, string[], string[]]>([
    ['--skip-schema-validation: what Helm 4 renders with that flag', 4, ['--skip-schema-validation'], ['--helm-version', '4.1', '--skip-schema-validation']],
    ['--helm-version 3: what Helm 3.17 renders', 3, [], ['--helm-version', '3']],
    [
      '--helm-version 3 --skip-schema-validation: what Helm 3.17 renders with that flag',
      3,
      ['--skip-schema-validation'],
      ['--helm-version', '3', '--skip-schema-validation'],
    ],
  ])('%s, byte for byte', async (_name, major, helmArgs, ourArgs) => {
    const real = await helm(major, helmArgs);
    expect(real.exitCode, real.stderr).toBe(0);
    const ours = await runCli(['template', CHART, ...ourArgs]);
    expect(ours.exitCode, ours.stderr).toBe(0);
    expect(ours.stdout).toBe(real.stdout + '\n');
  });

  it('images follows the same Helm: refused as Helm 4, found as Helm 3 or without the schema check', async () => {
    const refused = await runCli(['images', CHART, '--plain', ...followArgs(4)]);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/values don't meet the specifications of the schema/);
    for (const args of [
      ['--helm-version', '3'],
      ['--helm-version', '4.1', '--skip-schema-validation'],
    ]) {
      const r = await runCli(['images', CHART, '--plain', ...args]);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain('docker.io/library/nginx:latest');
      expect(r.stdout).toContain('docker.io/library/x:latest');
    }
  });

  it('--renderer helm hands --skip-schema-validation to the helm binary', async () => {
    const { helm: bin } = await realHelm(4);
    const r = await runCli(['template', CHART, '--renderer', 'helm', '--skip-schema-validation'], { HELM_BIN: bin });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('# Source: null-defaults/charts/sub/templates/dep.yaml');
  });
});

describe('keywords beside a root $ref (istio gateway 1.23.6), Helm 3 and Helm 4', () => {
  const chart = fixtureChart('ref-siblings-schema');
  const helmOn = async (major: HelmMajor, args: string[]) =>
    execa((await realHelm(major)).helm, ['template', chart, ...args], {
      reject: false,
      env: { HELM_CACHE_HOME: '/nonexistent-cache', HELM_CONFIG_HOME: '/nonexistent-config' },
    });

  it('Helm 3 follows the $ref alone (renders; a value the $ref refuses is refused), Helm 4 applies the siblings (refuses); we do as each', async () => {
    for (const [major, set, renders] of [
      [3, [], true],
      [4, [], false],
      [3, ['--set', 'replicas=-1'], false],
    ] as const) {
      const real = await helmOn(major, [...set]);
      expect(real.exitCode === 0, `real Helm ${major} ${set.join(' ')}: ${real.stderr}`).toBe(renders);
      const ours = await runCli(['template', chart, ...followArgs(major), ...set]);
      expect(ours.exitCode === 0, `Helm ${major} ${set.join(' ')}: real exit ${real.exitCode}, ours ${ours.exitCode}: ${ours.stderr}`).toBe(
        real.exitCode === 0,
      );
      if (real.exitCode === 0) expect(ours.stdout).toBe(real.stdout + '\n');
    }
  });
});

describe("a schema that breaks its own metaschema (opentelemetry-operator 0.90.0's examples: a string)", () => {
  const chart = fixtureChart('bad-metaschema');

  it('Helm 4 refuses it (and renders it with --skip-schema-validation), Helm 3 renders it; we do as each', async () => {
    for (const [major, args, renders] of [
      [4, [], false],
      [4, ['--skip-schema-validation'], true],
      [3, [], true],
    ] as const) {
      const real = await execa((await realHelm(major)).helm, ['template', chart, ...args], {
        reject: false,
        env: { HELM_CACHE_HOME: '/nonexistent-cache', HELM_CONFIG_HOME: '/nonexistent-config' },
      });
      expect(real.exitCode === 0, `real Helm ${major} ${args.join(' ')}: ${real.stderr}`).toBe(renders);
      const ours = await runCli(['template', chart, ...followArgs(major), ...args]);
      expect(ours.exitCode === 0, `ours as Helm ${major} ${args.join(' ')}: ${ours.stderr}`).toBe(renders);
      if (renders) expect(ours.stdout).toBe(real.stdout + '\n');
      else expect(ours.stderr).toContain("at '/properties/featureGates/examples': got string, want array");
    }
  });
});
