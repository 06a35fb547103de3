import { describe, expect, it } from 'vitest';
import { templateActions } from './template-actions.js';

describe('templateActions', () => {
  it('keeps each action with its delimiters, in order, and drops the literal text between them', () => {
    const text =
      'kind: CustomResourceDefinition\n{{- if .Values.crds.enabled }}\ndescription: set $ "x" $y\n  image: {{ .Values.image | quote }}\n{{- end }}\n';
    expect(templateActions(text)).toBe('{{- if .Values.crds.enabled }}\n{{ .Values.image | quote }}\n{{- end }}');
  });

  it('keeps an action left open to the end of the text', () => {
    expect(templateActions('a: 1\n{{ $x := .Values.a')).toBe('{{ $x := .Values.a');
  });

  it('is empty for a text with no action', () => {
    expect(templateActions('apiVersion: v1\nkind: ConfigMap\n')).toBe('');
  });
});
