import { describe, expect, it } from 'vitest';
import { choiceToggles, conditionToggles, formatToggles } from './value-toggles.js';

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

describe('choiceToggles: settings that pick one of several words', () => {
  const sources = [
    // the proxy's deployment (it names an image) runs unless the chart is exposed by ingress or route
    { at: [], texts: ['{{- if and (ne .Values.expose.type "ingress") (ne .Values.expose.type "route") }}\n  image: {{ .Values.nginx.image }}'] },
    {
      at: [],
      texts: ['{{- if eq .Values.expose.type "clusterIP" "nodePort" }}kind: Service{{ end }}{{ if eq "loadBalancer" .Values.expose.type }}x{{ end }}'],
    },
    // compared only beside no image: a Service type never brings one
    { at: [], texts: ['{{ if eq .Values.service.type "NodePort" }}nodePort: 1{{ end }}'] },
    // a subchart's own path sits under its alias; its globals stay global
    { at: ['db'], texts: ['image: x\n{{ if eq .Values.mode "replica" }}{{ end }}{{ if eq .Values.global.flavour "gpu" }}{{ end }}'] },
  ];
  const values = { expose: { type: 'ingress' }, service: { type: 'ClusterIP' }, db: { mode: 'standalone' }, global: { flavour: 'cpu' } };

  it('names every other word of a compared setting, one per path and round, never the current one', () => {
    expect(choiceToggles(sources, values).map(formatToggles)).toEqual([
      'expose.type=route,db.mode=replica,global.flavour=gpu',
      'expose.type=clusterIP',
      'expose.type=nodePort',
      'expose.type=loadBalancer',
    ]);
  });

  it('a setting that is not a string (or absent) is no choice', () => {
    expect(choiceToggles(sources, { expose: { type: true } })).toEqual([]);
  });
});
