// A component's switch inside a module whose own switch is an if/else around it (weaviate's
// text2vec-transformers: `{{ if index $module "enabled" }}` the module's server `{{ else }}` its
// passage and query servers, each behind `index $passage "enabled"`): with every switch on
// together the else branch never renders, so the inner servers' images were never seen (session
// 27 D, weaviate: 2 optional images missed). The template reads the switches through variables, so
// no `.Values` path shows the chain; the inner switches are searched again without the outer one.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';
import { WAF, WAF_VALUES } from './nested-switch-chart.js';

const VALUES = `modules:
  vectorizer:
    enabled: false
    repo: acme/vectorizer
    tag: mini-v1
    passage:
      enabled: false
      repo: acme/vectorizer
      tag: passage-v1
`;

const TEMPLATE = `{{- $module := index .Values "modules" "vectorizer" -}}
{{- $passage := index $module "passage" -}}
{{ if index $module "enabled" }}
apiVersion: v1
kind: Pod
metadata:
  name: vectorizer
spec:
  containers:
  - name: main
    image: {{ index $module "repo" }}:{{ index $module "tag" }}
{{ else }}
  {{- if index $passage "enabled" }}
apiVersion: v1
kind: Pod
metadata:
  name: vectorizer-passage
spec:
  containers:
  - name: passage
    image: {{ index $passage "repo" }}:{{ index $passage "tag" }}
  {{- end }}
{{ end }}
`;

describe("a component's switch in the else branch of its module's switch", () => {
  const chart = templateChart({ 'vectorizer.yaml': TEMPLATE }, VALUES);

  it('images --optional lists both images, each with the switch that alone brings it', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const optional = (JSON.parse(r.stdout) as { optional?: { ref: string; toggles?: string[] }[] }).optional ?? [];
    expect(optional.map((o) => [o.ref, o.toggles]).sort()).toEqual([
      ['docker.io/acme/vectorizer:mini-v1', ['modules.vectorizer.enabled=true']],
      ['docker.io/acme/vectorizer:passage-v1', ['modules.vectorizer.passage.enabled=true']],
    ]);
  });
});

// A switch nested under a switch of another name (nginx-ingress: `controller.appprotect.v5` brings
// the WAF sidecars, and inside that block `controller.appprotect.ipIntelligence.enable` one more):
// the `enable` switches are flipped in the first round, where `v5` (a guard the template tests) is
// off, and `v5` in a later round, where they are off, so the inner image was only guessed from its
// values block, without its setting (R6). The inner switch is flipped where the outer
// one is on: one more render, only for a values block left unrendered.
describe('a switch nested under a switch of another name', () => {
  const chart = templateChart({ 'waf.yaml': WAF }, WAF_VALUES);

  it('images --optional lists the inner image with both settings, rendered, not guessed from values', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    type Optional = { ref: string; toggles?: string[]; sites: { site: string }[] };
    const optional = (JSON.parse(r.stdout) as { optional?: Optional[] }).optional ?? [];
    expect(optional.map((o) => [o.ref, o.toggles, o.sites.map((x) => x.site)]).sort()).toEqual([
      ['acme.example/waf/enforcer:5.1', ['waf.v5=true'], ['pod-spec']],
      ['acme.example/waf/ip-intelligence:5.1', ['waf.v5=true,waf.ipIntelligence.enable=true'], ['pod-spec', 'pod-spec']],
    ]);
  });
});

// Switches nested three deep (anchore enterprise, holdout QQ: its prometheus subchart's
// chartEnabled, then the node-exporter dependency's enabled, then node-exporter's
// kubeRBACProxy.enabled): the nested round flipped the innermost with the outer switches that had
// brought images before it, and the middle one brought its image only in that same round, so
// kube-rbac-proxy was listed from its values block with no setting. The nested round runs again
// while it brings images.
describe('a switch nested under two switches, the middle one found only by the nested round', () => {
  const values = `waf:
  v5: false
  enforcer:
    image: {repository: acme.example/waf/enforcer, tag: "5.1"}
  ipIntelligence:
    enable: false
    image: {repository: acme.example/waf/ip-intelligence, tag: "5.1"}
    warmup:
      enable: false
      image: {repository: acme.example/waf/warmup, tag: "5.1"}
`;
  const template = `{{- if .Values.waf.v5 }}
apiVersion: v1
kind: Pod
metadata:
  name: waf
spec:
  containers:
  - name: enforcer
    image: {{ .Values.waf.enforcer.image.repository }}:{{ .Values.waf.enforcer.image.tag }}
{{- if .Values.waf.ipIntelligence.enable }}
  - name: ip-intelligence
    image: {{ .Values.waf.ipIntelligence.image.repository }}:{{ .Values.waf.ipIntelligence.image.tag }}
{{- if .Values.waf.ipIntelligence.warmup.enable }}
  - name: warmup
    image: {{ .Values.waf.ipIntelligence.warmup.image.repository }}:{{ .Values.waf.ipIntelligence.warmup.image.tag }}
{{- end }}
{{- end }}
{{- end }}
`;
  const chart = templateChart({ 'waf.yaml': template }, values);

  it('images --optional lists the innermost image with all three settings, rendered', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    type Optional = { ref: string; toggles?: string[]; sites: { site: string }[] };
    const optional = (JSON.parse(r.stdout) as { optional?: Optional[] }).optional ?? [];
    expect(optional.map((o) => [o.ref, o.toggles, o.sites.map((x) => x.site)]).sort()).toEqual([
      ['acme.example/waf/enforcer:5.1', ['waf.v5=true'], ['pod-spec']],
      ['acme.example/waf/ip-intelligence:5.1', ['waf.v5=true,waf.ipIntelligence.enable=true'], ['pod-spec']],
      ['acme.example/waf/warmup:5.1', ['waf.v5=true,waf.ipIntelligence.enable=true,waf.ipIntelligence.warmup.enable=true'], ['pod-spec']],
    ]);
  });
});
