import { describe, expect, it } from 'vitest';
import { conditionToggles } from './value-toggles.js';

describe('conditionToggles: dependency conditions at any depth, whatever the key is called', () => {
  const values = {
    tempo: { metaMonitoring: { grafanaAgent: { installOperator: false } }, minio: { enabled: false }, rollout: true },
    gone: { enabled: false },
  };

  it('an off condition below a subchart is a toggle scoped to the dependency it brings', () => {
    expect(conditionToggles([{ at: ['tempo'], key: 'grafana-agent-operator', condition: 'metaMonitoring.grafanaAgent.installOperator' }], values)).toEqual([
      {
        path: 'tempo.metaMonitoring.grafanaAgent.installOperator',
        segments: ['tempo', 'metaMonitoring', 'grafanaAgent', 'installOperator'],
        value: true,
        scope: ['tempo', 'grafana-agent-operator'],
      },
    ]);
  });

  it('the first path holding a boolean decides (as Helm); on, missing, or already an enabled-style toggle: none', () => {
    expect(conditionToggles([{ at: ['tempo'], key: 'x', condition: 'nope.enabled, rollout, minio.enabled' }], values)).toEqual([]);
    expect(conditionToggles([{ at: ['tempo'], key: 'minio', condition: 'minio.enabled' }], values)).toEqual([]);
    expect(conditionToggles([{ at: [], key: 'other', condition: 'missing.enabled' }], values)).toEqual([]);
  });
});
