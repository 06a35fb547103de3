// Which of a chart's values may be the env vars an operator's container takes (the probe render
// then says which one is): a mapping of scalars or a list of named entries, under a key that names
// env vars, never their sources.
import { describe, expect, it } from 'vitest';
import { envProbe, envValues, withEnvProbes } from './env-value-settings.js';

describe('envValues', () => {
  const values = {
    env: { LOG_LEVEL: 'INFO', REPLICAS: 3 },
    manager: {
      extraEnv: [
        { name: 'A', value: '1' },
        { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      ],
      envFrom: [],
    },
    worker: { extraEnvVars: [], environment: 'production', envConfig: { nested: { x: 1 } } },
    podLabels: { app: 'x' },
  };

  it('takes mappings of scalars and lists of named entries under env keys, empty ones too', () => {
    expect(envValues(values).map((c) => [c.path, c.shape, c.names])).toEqual([
      ['env', 'map', ['LOG_LEVEL', 'REPLICAS']],
      ['manager.extraEnv', 'list', ['A', 'B']],
      ['worker.extraEnvVars', 'list', []],
    ]);
  });

  it("gives each a stand-in: a key added to a mapping, an entry appended to a list's own", () => {
    const probed: Record<string, unknown> = {};
    withEnvProbes(probed, envValues(values));
    expect(probed).toEqual({
      env: { [envProbe(0)]: 'airgap-probe' },
      manager: { extraEnv: [...values.manager.extraEnv, { name: envProbe(1), value: 'airgap-probe' }] },
      worker: { extraEnvVars: [{ name: envProbe(2), value: 'airgap-probe' }] },
    });
  });
});
