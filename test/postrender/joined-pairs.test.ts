// The post-renderer on a repository an operator joins with a tag from another field of its
// container: STEM_IMAGE + STEM_VERSION env vars, --STEM-image + --STEM-tag flags, written as
// literals by the template (no value reaches them). The repository field takes the target's name
// and the tag field stays: the operator then joins the target. Before, both were left out of
// reach ("not a single string field"), so postrender exited 1 on a chart values cannot move.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { writeFiles } from '../support/files.js';
import { deploymentWithEnv } from '../discover/template-chart.js';

const DEPLOYMENT = `${deploymentWithEnv('ghcr.io/acme/op:1.0', { AGENT_IMAGE: 'ghcr.io/acme/agent', AGENT_VERSION: '"2.1"' })}        args:
        - --configurator-base-image=ghcr.io/acme/configurator
        - --configurator-tag=v3.0
`;

describe('a repository joined with a tag from another env var or flag', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'airgap-pairs-'));
    await writeFiles(join(dir, 'c'), { 'Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'values.yaml': '', 'templates/op.yaml': DEPLOYMENT });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('postrender sets the repository field to the target name and leaves the tag field', async () => {
    const t = await runCli(['template', join(dir, 'c')]);
    expect(t.exitCode, t.stderr).toBe(0);
    const r = await runCli(['postrender', '--registry', 'registry.site.example'], {}, t.stdout);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('value: registry.site.example/ghcr.io/acme/agent\n');
    expect(r.stdout).toContain('value: "2.1"');
    expect(r.stdout).toContain('--configurator-base-image=registry.site.example/ghcr.io/acme/configurator\n');
    expect(r.stdout).toContain('--configurator-tag=v3.0');
  });
});
