import { describe, expect, it } from 'vitest';
import { contextPrefixValues } from './context-prefixes.js';

const helpers = `{{- define "x.image" -}}
{{- if .images.enabled }}{{ .images.prefix }}{{ end }}{{ .registry | default "" }}acme/app:{{ .tag }}
{{- $.Values.ignored }}{{ "not.a.read" }}
{{- end -}}
{{- define "x.other" -}}{{ .pullRegistry }}{{- end -}}`;

describe('contextPrefixValues', () => {
  it('joins a helper’s registry and prefix reads to the values path it is handed, for empty, null or absent keys', () => {
    const texts = [helpers, '{{ include "x.image" .Values.app | quote }}\n{{ include "x.other" .Values }}\n{{ include "x.image" (dict "a" 1) }}'];
    const values = { app: { registry: '', images: { prefix: null }, tag: '1' }, pullRegistry: '' };
    expect(contextPrefixValues([{ at: [], texts }], values).map((l) => [l.path, l.part, l.value])).toEqual([
      ['app.images.prefix', 'registry', ''],
      ['app.registry', 'registry', ''],
    ]);
  });

  it('leaves keys that hold a value, paths probed already, and a subchart’s paths under its place', () => {
    const texts = [helpers, '{{ include "x.image" .Values }}'];
    expect(contextPrefixValues([{ at: ['sub'], texts }], { sub: { registry: 'docker.io/' } }).map((l) => l.path)).toEqual(['sub.images.prefix']);
    expect(contextPrefixValues([{ at: [], texts }], {}, new Set(['registry', 'images.prefix']))).toEqual([]);
  });
});
