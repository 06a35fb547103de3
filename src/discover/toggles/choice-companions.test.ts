import { describe, expect, it } from 'vitest';
import { choiceCompanions, wordsTogether } from './choice-companions.js';
import type { ValueToggle } from './value.js';

// fluent-bit's pod helper: the word's `if` sits beside the switch's, around volume mounts only
const BESIDE = `{{- define "app.pod" }}
containers:
  - name: app
    image: acme/app:1.0
    volumeMounts:
    {{- if eq .Values.kind "DaemonSet" }}
      - name: varlog
    {{- end }}
{{- if .Values.hotReload.enabled }}
  - name: reloader
    image: acme/reloader:1.0
{{- end }}
{{- end }}
`;

// the word's `if` (its else branch here) around the switch's
const AROUND = `{{- if eq .Values.kind "DaemonSet" }}
kind: DaemonSet
{{- else }}
kind: Deployment
{{- if .Values.hotReload.enabled }}
image: acme/reloader:1.0
{{- end }}
{{- end }}
`;

// the word's `if` includes a helper of the same text whose `if` reads the switch
const THROUGH = `{{- define "app.sidecar" }}
{{- if .Values.hotReload.enabled }}
- image: acme/reloader:1.0
{{- end }}
{{- end }}
{{- if ne .Values.kind "DaemonSet" }}
image: acme/app:1.0
{{- include "app.sidecar" . }}
{{- end }}
`;

// an earlier branch of the word's chain masks it until the switch is on (Datadog's registry helper)
const MASKED = `{{- define "app.registry" -}}
{{- $site := default "us" .Values.site -}}
{{- if and .Values.migrated (not .Values.gdc.enabled) -}}
registry.example.com
{{- else if eq $site "eu" -}}
eu.example.com
{{- else -}}
us.example.com
{{- end -}}
{{- end -}}
{{- if .Values.gdc.enabled }}
image: {{ include "app.registry" . }}/agent:1.0
{{- end }}
`;

// two words of two choices one `and` compares (n8n's queue-mode worker: the database type and the
// worker's mode) around a switch: the test passes only with both words on
const BOTH = `{{- if and (eq .Values.db.type "postgresdb") (eq .Values.worker.mode "queue") }}
kind: Deployment
image: acme/app:1.0
{{- if .Values.worker.wait.enabled }}
initContainers:
  - image: acme/wait:1.0
{{- end }}
{{- end }}
`;

// the same, inside a test already paired with a switch of its own (n8n's worker Deployment: a
// replica test reading a word and a switch, then the two words around the wait container)
const PAIRED = `{{- if and .Values.worker.persistence.enabled (eq .Values.worker.persistence.accessMode "ReadWriteMany") }}
${BOTH}{{- end }}
`;

const values = { kind: 'DaemonSet', hotReload: { enabled: false }, site: 'us', migrated: true, gdc: { enabled: false } };
const round: ValueToggle[] = [{ path: 'kind', segments: ['kind'], value: 'Deployment' }];
const companions = (text: string) => choiceCompanions([{ at: [], texts: [text] }], values, round).map((t) => `${t.path}=${t.value}`);

describe('choiceCompanions: the switches a word encloses', () => {
  it('leaves out a switch whose `if` sits beside the word`s test, not inside it', () => {
    expect(companions(BESIDE)).toEqual([]);
  });
  it('pairs the word with a switch its `if` encloses, in an else branch too', () => {
    expect(companions(AROUND)).toEqual(['kind=Deployment', 'hotReload.enabled=true']);
  });
  it('pairs the word with a switch an earlier branch of its `if` chain reads', () => {
    const words: ValueToggle[] = [{ path: 'site', segments: ['site'], value: 'eu' }];
    expect(choiceCompanions([{ at: [], texts: [MASKED] }], values, words).map((t) => `${t.path}=${t.value}`)).toEqual(['site=eu', 'gdc.enabled=true']);
  });
  it('pairs the word with a switch of a helper of the same text its branch includes', () => {
    expect(companions(THROUGH)).toEqual(['kind=Deployment', 'hotReload.enabled=true']);
  });
});

describe('wordsTogether: the words one test compares at once, with the switches it encloses', () => {
  const v = { db: { type: 'sqlite' }, worker: { mode: 'regular', wait: { enabled: false }, persistence: { enabled: false, accessMode: 'ReadWriteOnce' } } };
  const words: ValueToggle[] = [
    { path: 'db.type', segments: ['db', 'type'], value: 'postgresdb' },
    { path: 'worker.mode', segments: ['worker', 'mode'], value: 'queue' },
    { path: 'worker.persistence.accessMode', segments: ['worker', 'persistence', 'accessMode'], value: 'ReadWriteMany' },
    { path: 'webhook.mode', segments: ['webhook', 'mode'], value: 'queue' },
  ];
  const found = (texts: string[]) =>
    wordsTogether([{ at: [], texts }], v, words).map(({ held, inner }) => [held.map((t) => `${t.path}=${t.value}`), inner.map((t) => `${t.path}=${t.value}`)]);
  it('holds both words of an `and` on while searching the switch inside it', () => {
    expect(found([BOTH])).toEqual([[['db.type=postgresdb', 'worker.mode=queue'], ['worker.wait.enabled=true']]]);
  });
  it('finds the test inside an `if` that pairs a word with a switch, and merges texts of the same words', () => {
    expect(found([PAIRED, BOTH])).toEqual([[['db.type=postgresdb', 'worker.mode=queue'], ['worker.wait.enabled=true']]]);
  });
  it('gives nothing for a word compared alone', () => {
    expect(found([AROUND])).toEqual([]);
  });
});
