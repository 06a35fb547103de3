// Charts the benches generate: shapes real charts have, at sizes chosen to weigh on the engine.
// - an umbrella of N subcharts, each laid out as `helm create` lays a chart out (helpers,
//   Deployment, Service, ServiceAccount, HPA, Ingress, ConfigMap), with a global registry;
// - a chart of many include and tpl calls (labels and names included per document, values strings
//   rendered with tpl, nested helpers).
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

async function writeTree(root: string, files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), text);
  }
  return root;
}

const HELPERS = (n: string) => `{{- define "${n}.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "${n}.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}
{{- define "${n}.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "${n}.labels" -}}
helm.sh/chart: {{ include "${n}.chart" . }}
{{ include "${n}.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
{{- define "${n}.selectorLabels" -}}
app.kubernetes.io/name: {{ include "${n}.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
{{- define "${n}.image" -}}
{{- $registry := .Values.global.imageRegistry | default .Values.image.registry -}}
{{- printf "%s/%s:%s" $registry .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}
`;

const DEPLOYMENT = (n: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "${n}.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      annotations:
        checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
      labels:
        {{- include "${n}.labels" . | nindent 8 }}
    spec:
      serviceAccountName: {{ include "${n}.fullname" . }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: {{ .Chart.Name }}
          image: {{ include "${n}.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          env:
            {{- range $k, $v := .Values.env }}
            - name: {{ $k }}
              value: {{ tpl $v $ | quote }}
            {{- end }}
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`;

const OTHERS = (n: string): Record<string, string> => ({
  'templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: http
  selector:
    {{- include "${n}.selectorLabels" . | nindent 4 }}
`,
  'templates/serviceaccount.yaml': `apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
`,
  'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
data:
  {{- range $k, $v := .Values.config }}
  {{ $k }}: {{ tpl (toString $v) $ | quote }}
  {{- end }}
`,
  'templates/hpa.yaml': `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "${n}.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
{{- end }}
`,
  'templates/ingress.yaml': `{{- if .Values.ingress.enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "${n}.fullname" . }}
spec:
  rules:
    {{- range .Values.ingress.hosts }}
    - host: {{ tpl .host $ | quote }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{ include "${n}.fullname" $ }}
                port:
                  number: {{ $.Values.service.port }}
    {{- end }}
{{- end }}
`,
});

const VALUES = (n: string) => `replicaCount: 2
global:
  imageRegistry: ""
image:
  registry: docker.io
  repository: example/${n}
  tag: ""
  pullPolicy: IfNotPresent
podSecurityContext:
  runAsNonRoot: true
  fsGroup: 1000
service:
  type: ClusterIP
  port: 8080
resources:
  limits:
    cpu: 500m
    memory: 256Mi
  requests:
    cpu: 100m
    memory: 128Mi
autoscaling:
  enabled: true
  minReplicas: 1
  maxReplicas: 5
ingress:
  enabled: true
  hosts:
    - host: "${n}.{{ .Release.Namespace }}.example.com"
    - host: "${n}-alt.example.com"
env:
  LOG_LEVEL: info
  RELEASE: "{{ .Release.Name }}"
  SERVICE: "{{ include \\"${n}.fullname\\" . }}"
config:
  a: "1"
  b: "{{ .Values.service.port }}"
  c: "{{ .Chart.Name }}-{{ .Chart.Version }}"
`;

function appChart(n: string): Record<string, string> {
  return {
    'Chart.yaml': `apiVersion: v2\nname: ${n}\nversion: 1.2.3\nappVersion: "4.5.6"\n`,
    'values.yaml': VALUES(n),
    'templates/_helpers.tpl': HELPERS(n),
    'templates/deployment.yaml': DEPLOYMENT(n),
    ...OTHERS(n),
  };
}

/** An umbrella chart folder with `count` subcharts under charts/. */
export async function writeUmbrellaChart(root: string, count: number): Promise<string> {
  const names = Array.from({ length: count }, (_, i) => `app${i}`);
  const files: Record<string, string> = {
    'Chart.yaml': `apiVersion: v2\nname: umbrella\nversion: 0.1.0\ndependencies:\n${names.map((n) => `  - name: ${n}\n    version: 1.2.3\n`).join('')}`,
    'values.yaml': `global:\n  imageRegistry: registry.example.com\n${names.map((n) => `${n}:\n  replicaCount: 3\n`).join('')}`,
  };
  for (const n of names) for (const [f, t] of Object.entries(appChart(n))) files[`charts/${n}/${f}`] = t;
  return writeTree(root, files);
}

/** A chart whose 40 documents each include helpers a few dozen times and tpl values strings. */
export async function writeIncludeHeavyChart(root: string): Promise<string> {
  const files = appChart('inc');
  files['values.yaml'] += `items:\n${Array.from({ length: 40 }, (_, i) => `  - name: item${i}\n    note: "{{ .Release.Name }}-${i}"\n`).join('')}`;
  files['templates/many.yaml'] = `{{- range $i, $item := .Values.items }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "inc.fullname" $ }}-{{ $item.name }}
  labels:
    {{- include "inc.labels" $ | nindent 4 }}
data:
  note: {{ tpl $item.note $ | quote }}
  {{- range $k := until 12 }}
  k{{ $k }}: {{ include "inc.image" $ | quote }}
  n{{ $k }}: {{ include "inc.fullname" $ | upper | quote }}
  {{- end }}
{{- end }}
`;
  return writeTree(root, files);
}
