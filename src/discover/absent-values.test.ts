import { describe, expect, it } from 'vitest';
import { absentImageValues } from './absent-values.js';

describe('absentImageValues (image values templates read that values.yaml leaves out)', () => {
  it('finds absent image, repository and registry keys, under the subchart that reads them', () => {
    const texts = [
      '{{ .Values.persistence.image | default "busybox" }}:{{ .Values.persistence.imageTag | default "latest" }}',
      '{{ .Values.image.repository }} {{ .Values.sidecar.registry }} {{ .Values.global.imageRegistry }}',
      '{{ .Values.plain.image }}',
    ];
    const values = { persistence: { enabled: true }, image: { repository: 'a/b' }, plain: 'x', sub: {} };
    const found = absentImageValues(
      [
        { at: [], texts },
        { at: ['sub'], texts: ['{{ .Values.init.image }}'] },
      ],
      values,
    );
    // present keys, globals (probed apart), tags, and keys under a non-map value are left out
    expect(found.map((l) => `${l.path}=${l.part}`)).toEqual(['persistence.image=repository', 'sidecar.registry=registry', 'sub.init.image=repository']);
  });
});
