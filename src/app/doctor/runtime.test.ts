import { describe, expect, it } from 'vitest';
import { ALL_COMMANDS } from './finding.js';
import { inspectRuntime, type RuntimeFacts } from './runtime.js';

const facts = (nodeVersion: string): RuntimeFacts => ({
  env: { PATH: '' },
  execPath: '/opt/node/bin/node',
  nodeVersion,
  version: '0.1.0',
  platform: 'linux',
  arch: 'x64',
});

describe('the node finding: the range of bin/node-floor.cjs', () => {
  it.each(['v20.20.2', 'v22.22.1', 'v23.11.1', 'v24.14.1', 'v25.9.0'])(
    '%s, started without the launcher: a FAIL for every command, with what to install',
    async (v) => {
      const { findings } = await inspectRuntime(facts(v));
      expect(findings.find((f) => f.subject === 'node')).toEqual({
        area: 'runtime',
        subject: 'node',
        status: 'fail',
        detail: `Node.js ${v} (/opt/node/bin/node) is outside the releases the CLI and its dependencies run on (Node.js 22.22.2+, 24.15+ or 26+): bin/helm-airgap refuses it`,
        next: 'install Node.js 24.15+, or use the per-platform tarball airgap-0.1.0-linux-amd64.tgz (Node inside)',
        affects: ALL_COMMANDS,
      });
    },
  );

  it.each(['v22.22.2', 'v24.15.0', 'v24.21.0', 'v26.1.0'])('%s: ok', async (v) => {
    const { findings } = await inspectRuntime(facts(v));
    expect(findings.find((f) => f.subject === 'node')).toMatchObject({ status: 'ok', detail: `Node.js ${v} (/opt/node/bin/node)` });
  });
});
