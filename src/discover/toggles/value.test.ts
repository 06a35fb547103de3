import { describe, expect, it } from 'vitest';
import { choiceToggles, conditionToggles, firstToggleRead, formatToggles, listToggles, type ValueToggle } from './value.js';
import { guardToggles, maskingToggles } from './guard.js';

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

describe('choiceToggles: the forms a comparison takes', () => {
  const values = { agent: { mode: 'deployment', kind: 'a' }, store: {}, tier: 'free', sink: 'none' };
  const at = (text: string) => choiceToggles([{ at: [], texts: [`image: x\n${text}`] }], values).map(formatToggles);

  it.each([
    ['{{- $mode := .Values.agent.mode | default "deployment" }}{{ if eq $mode "daemonset" }}{{ end }}', ['agent.mode=daemonset']],
    ['{{ if eq (lower .Values.agent.mode) "daemonset" }}{{ end }}', ['agent.mode=daemonset']],
    ['{{ if .Values.tier | eq "pro" }}{{ end }}', ['tier=pro']],
    ['{{ if has .Values.sink (list "kafka" "s3") }}{{ end }}', ['sink=kafka', 'sink=s3']],
    // absent from values: the template's default is its value
    ['{{ if eq (.Values.store.type | default "none") "s3" "none" }}{{ end }}', ['store.type=s3']],
    ['{{ if eq (default "none" .Values.store.type) "gcs" }}{{ end }}', ['store.type=gcs']],
  ])('%s', (text, want) => {
    expect(at(text)).toEqual(want);
  });

  it("a word compared with the current one only takes the others from the schema's enum (a subchart's under its alias)", () => {
    const schema = JSON.stringify({ properties: { mode: { enum: ['standalone', 'cluster', 3] } } });
    const charts = [{ at: ['db'], texts: ['image: x\n{{ if ne .Values.mode "standalone" }}{{ end }}'], schema }];
    expect(choiceToggles(charts, { db: { mode: 'standalone' } }).map(formatToggles)).toEqual(['db.mode=cluster']);
    expect(choiceToggles([{ ...charts[0]!, schema: '{not json' }], { db: { mode: 'standalone' } })).toEqual([]);
  });

  it('a helper that tests the setting gives a verdict, not the setting: its output compared with "true" is no word (loki\'s isScalable)', () => {
    const helpers =
      '{{- define "x.isScalable" -}}\n{{- or (eq .Values.agent.mode "scalable") (eq .Values.agent.mode "both") }}\n{{- end }}' +
      '{{- define "x.onOff" -}}{{ ternary "on" "off" (eq .Values.agent.mode "both") }}{{- end }}' +
      '{{- define "x.mode" -}}{{ .Values.tier | default "free" }}{{- end }}{{- define "x.image" -}}{{ .Values.image }}{{- end }}';
    const text =
      'image: x\n{{ if eq (include "x.isScalable" .) "true" }}{{ end }}{{ if eq (include "x.onOff" .) "on" }}{{ end }}{{ if eq (include "x.mode" .) "pro" }}{{ end }}';
    expect(choiceToggles([{ at: [], texts: [helpers, text] }], values).map(formatToggles)).toEqual(['agent.mode=scalable,tier=pro', 'agent.mode=both']);
  });

  it('a word --set reads as a boolean, null or an integer is no word of a string setting (the values file would hold no string)', () => {
    expect(at('{{ if eq .Values.tier "true" }}{{ end }}{{ if eq .Values.tier "10" "null" "1.5" "pro" }}{{ end }}')).toEqual(['tier=1.5', 'tier=pro']);
  });

  it.each([
    ['absent, and no default', '{{ if eq .Values.store.type "s3" }}{{ end }}'],
    ['two settings in one operand', '{{ if eq (printf "%s-%s" .Values.agent.mode .Values.agent.kind) "a-b" }}{{ end }}'],
    ['a variable from no setting', '{{ $m := .Release.Name }}{{ if eq $m "x" }}{{ end }}'],
  ])('no choice: %s', (_, text) => {
    expect(at(text)).toEqual([]);
  });
});

describe('listToggles: lists empty by default that a template ranges over beside an image', () => {
  it("one stand-in entry each, a subchart's under its alias; a list with entries, or whose entries make no workload or container, is none", () => {
    const tolerations =
      'image: x\ntolerations:\n{{- range .Values.tolerations }}\n- key: {{ .key }}\n{{- if .value }}\n  value: {{ .value }}\n{{- end }}\n{{- end }}';
    const roles = 'image: x\n{{- range .Values.watchNamespaces }}\n---\nkind: Role\nmetadata: {namespace: {{ . }}}\n{{- end }}';
    const charts = [
      {
        at: [],
        texts: [
          '{{ range .Values.gateways }}\n---\nkind: Deployment\n{{ end }}\n# image: from values',
          '{{ range $i, $r := .Values.routes }}host: y{{ end }}',
          tolerations,
          roles,
        ],
      },
      { at: ['db'], texts: ['{{- range $n, $r := .Values.replicas }}\nimage: z{{ end }}{{ range .Values.zones }}image: z{{ end }}'] },
    ];
    const values = { gateways: [], routes: [], tolerations: [], watchNamespaces: [], db: { replicas: [], zones: ['a'] } };
    expect(formatToggles(listToggles(charts, values))).toBe('gateways[0].name=example,db.replicas[0].name=example');
    // the same as maps: empty ones take a stand-in under the entry's name; one with entries is none
    const maps = { gateways: {}, routes: {}, tolerations: {}, watchNamespaces: {}, db: { replicas: {}, zones: { a: {} } } };
    expect(formatToggles(listToggles(charts, maps))).toBe('gateways.example.name=example,db.replicas.example.name=example');
  });
});

describe('firstToggleRead: the toggle a template reads first', () => {
  const toggle = (path: string, extra: Partial<ValueToggle> = {}): ValueToggle => ({ path, segments: path.split('.'), value: true, ...extra });
  const group = [toggle('gpuCluster.deployCR'), toggle('dcgm.enabled'), toggle('global.enableHelmTest'), toggle('nfd.gc.enabled'), toggle('nfd.global.x')];

  it('the first of the group the text reads, by its path under where the chart sits', () => {
    const text = '{{- if .Values.gpuCluster.deployCR }}\nkind: GPUCluster\n{{ if .Values.dcgm.enabled }}x{{ end }}';
    expect(firstToggleRead(text, [], group)?.path).toBe('gpuCluster.deployCR');
    expect(firstToggleRead('{{ if $.Values.gc.enabled }}', ['nfd'], group)?.path).toBe('nfd.gc.enabled');
    // a path that only starts with the toggle's is another setting
    expect(firstToggleRead('{{ .Values.gpuCluster.deployCRName }}', [], group)).toBeUndefined();
  });

  it("a subchart's .Values.global is the top chart's global, never its own copy", () => {
    expect(firstToggleRead('{{ if .Values.global.enableHelmTest }}', ['nfd'], group)?.path).toBe('global.enableHelmTest');
    expect(firstToggleRead('{{ if .Values.global.x }}', ['nfd'], group)).toBeUndefined();
  });

  it("a list's stand-in entry is not a switch a template reads", () => {
    expect(firstToggleRead('{{ range .Values.gateways }}', [], [toggle('gateways', { entry: true })])).toBeUndefined();
  });
});

/** The top chart's templates. */
const top = (...texts: string[]) => ({ at: [], texts });

describe('guardToggles: booleans of any name that a template beside an image tests', () => {
  it("a false boolean (or a count of 0) an if (and, or) reads positively, a subchart's under its alias; negated, true, another number, or in a text with no image: none", () => {
    const charts = [
      {
        at: [],
        texts: [
          '{{- if .Values.HYBRID_DPDK }}\nimage: kubeovn/kube-ovn:dpdk\n{{- end }}',
          '{{ if and .Values.imagePinning (not .Values.airgapped) }}image: a{{ else if or $.Values.extra.on .Values.count .Values.size }}image: b{{ end }}',
          '{{- if not .Values.legacy }}\nimage: c{{ end }}',
          '{{- if .Values.hostNetwork }}\nkind: Service\n{{ end }}',
          '{{- if .Values.enabledAlready }}\nimage: d{{ end }}',
        ],
      },
      { at: ['db'], texts: ['{{- if .Values.tls }}\nimage: e{{ end }}{{ if .Values.global.fips }}image: f{{ end }}'] },
    ];
    const values = {
      HYBRID_DPDK: false,
      imagePinning: false,
      airgapped: false,
      extra: { on: false },
      count: 0,
      size: 3,
      legacy: false,
      hostNetwork: false,
      enabledAlready: true,
      db: { tls: false },
      global: { fips: false },
    };
    expect(formatToggles(guardToggles(charts, values))).toBe('HYBRID_DPDK=true,imagePinning=true,extra.on=true,count=1,db.tls=true,global.fips=true');
  });

  it("an undeclared block's enabled switch the template tests with the block (GlassFlow's usageStats); one tested alone, or of a declared block: none", () => {
    const charts = [
      top(
        '{{- if and .Values.global.usageStats .Values.global.usageStats.enabled }}\n- name: wait\n  image: curlimages/curl:latest\n{{- end }}',
        '{{- if .Values.tracing.enabled }}\n- name: tracer\n  image: acme/tracer\n{{- end }}',
        '{{- if and .Values.metrics .Values.metrics.enabled }}\n- name: exporter\n  image: acme/exporter\n{{- end }}',
      ),
    ];
    const values = { global: { imageRegistry: 'ghcr.io/' }, metrics: { port: 9090 } };
    expect(formatToggles(guardToggles(charts, values))).toBe('global.usageStats.enabled=true');
  });

  it('only where the branch can bring an image: names one or a workload, sets a variable, sits on an image line or in an image helper, or includes a helper that names one', () => {
    const charts = [
      top(
        // beside an image, but the branch adds an argument or a scheme: no render would show one more image
        'image: acme/server\nargs:\n{{- if .Values.namespaced }}\n- --namespaced\n{{- end }}\n{{- if .Values.secure }}\nscheme: HTTPS\n{{- else }}\nscheme: HTTP\n{{- end }}',
        '{{- define "x.image" -}}\n{{ .Values.image.repository }}\n{{- if .Values.slim }}\n-slim\n{{- end }}\n{{- end }}',
        'image: "acme/agent{{ if .Values.distroless }}-distroless{{ end }}"',
        // the pipe form of a ternary (qdrant's `{{ .Values.image.useUnprivilegedImage | ternary "-unprivileged" "" }}`)
        'image: "acme/db:{{ .Values.image.tag }}{{ .Values.unprivileged | ternary "-unprivileged" "" }}"',
        // its branches as expressions, piped and not (renovate's `useFull | ternary (printf "%s-full" .tag) .tag`)
        'image: "acme/bot:{{ .Values.useFull | ternary (printf "%s-full" .Values.image.tag) .Values.image.tag }}"',
        'image: "acme/cli:{{ ternary (printf "%s-%s" .Values.image.tag "debug") (.Values.image.tag | toString) .Values.debug }}"',
        '{{- $repo := "acme/op" }}{{- if .Values.ubiOnly }}{{- $repo = printf "%s-ubi" $repo }}{{- end }}\nimage: {{ $repo }}',
        '{{- if .Values.sidecar }}\n{{ include "x.sidecar" . }}\n{{- end }}{{- if .Values.labelled }}\n{{ include "x.labels" . }}\n{{- end }}\nimage: acme/main',
        'image: acme/main\n{{- if .Values.batch }}\nkind: CronJob\n{{- end }}',
        // a field read through a variable set to its block, in a helper that names an image (open-webui's tag helper)
        '{{- define "x.tag" -}}\n{{- $image := .Values.image }}\n{{- if $image.tag }}{{ $image.tag }}\n{{- else if $image.useSlim }}\n{{- printf "%s-slim" .Chart.AppVersion }}\n{{- end }}\n{{- end }}',
      ),
      { at: [], texts: ['{{- define "x.sidecar" }}\n- name: sidecar\n  image: acme/sidecar\n{{- end }}{{- define "x.labels" }}\napp: x\n{{- end }}'] },
    ];
    const values = {
      ...Object.fromEntries(
        ['namespaced', 'secure', 'slim', 'distroless', 'unprivileged', 'useFull', 'debug', 'ubiOnly', 'sidecar', 'labelled', 'batch'].map((k) => [k, false]),
      ),
      image: { tag: '', useSlim: false },
    };
    expect(formatToggles(guardToggles(charts, values))).toBe(
      'slim=true,distroless=true,unprivileged=true,useFull=true,debug=true,ubiOnly=true,sidecar=true,batch=true,image.useSlim=true',
    );
  });
});

describe('maskingToggles: toggles that hide what others bring when on together', () => {
  it('an else-if or a `not` counts only where the branch it guards can bring an image', () => {
    const charts = [
      top(
        '{{- if .Values.eni }}\nimage: acme/aws\n{{- else if .Values.azure }}\nimage: acme/azure\n{{- else if .Values.gke }}\nmode: gke\n{{- end }}',
        '{{- if and .Values.jobs (not .Values.certManager) }}\nkind: Job\n{{- end }}{{- if not .Values.autoscaling }}\nreplicas: 1\n{{- end }}\nimage: acme/x',
      ),
    ];
    const ts = ['eni', 'azure', 'gke', 'jobs', 'certManager', 'autoscaling'].map((path): ValueToggle => ({ path, segments: [path], value: true }));
    const { chained, negated } = maskingToggles(charts, ts);
    expect([formatToggles(chained), formatToggles(negated)]).toEqual(['azure=true', 'certManager=true']);
  });
});
