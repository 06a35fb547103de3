// A chart whose image sits behind a switch nested under a switch of another name (nginx-ingress'
// WAF v5 sidecars: `ipIntelligence.enable` read only inside `v5`), for the optional search's test
// (nested-toggle-cli.test.ts) and the values writer's (test/values/nested-toggle.test.ts). The inner
// image has two sites, each from its own values block (falco's redis-stack: the UI's wait-redis init
// container and the redis Deployment): both are listed and both moved.
export const WAF_VALUES = `waf:
  enable: false
  v5: false
  enforcer:
    image: {repository: acme.example/waf/enforcer, tag: "5.1"}
  ipIntelligence:
    enable: false
    image: {repository: acme.example/waf/ip-intelligence, tag: "5.1"}
    warmup:
      image: {repository: acme.example/waf/ip-intelligence, tag: "5.1"}
`;

export const WAF = `{{- if .Values.waf.v5 }}
apiVersion: v1
kind: Pod
metadata:
  name: waf
spec:
  containers:
  - name: enforcer
    image: {{ .Values.waf.enforcer.image.repository }}:{{ .Values.waf.enforcer.image.tag }}
{{- if and .Values.waf.ipIntelligence .Values.waf.ipIntelligence.enable }}
  - name: ip-intelligence
    image: {{ .Values.waf.ipIntelligence.image.repository }}:{{ .Values.waf.ipIntelligence.image.tag }}
  - name: ip-intelligence-warmup
    image: {{ .Values.waf.ipIntelligence.warmup.image.repository }}:{{ .Values.waf.ipIntelligence.warmup.image.tag }}
{{- end }}
{{- end }}
`;
