import { describe, expect, it } from 'vitest';
import { absentImageValues, unsetImageValues } from './absent-values.js';

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

describe('unsetImageValues (image-named values a template reads, left empty, null or absent)', () => {
  // the scan of a text is kept per text: the same text read with other values answers by those values
  const texts = ['{{ .Values.reloaderImage }} {{ .Values.a.image }} {{ .Values.a.tag }} {{ .Values.global.image }} {{ .Values.plain.image }}'];

  it('finds the empty, null and absent ones, under the chart that reads them, and not under a value that is no map', () => {
    const found = unsetImageValues(
      [
        { at: [], texts },
        { at: ['sub'], texts },
      ],
      { reloaderImage: '', a: { image: null, tag: '' }, plain: 'x', sub: { reloaderImage: 'acme/r:1', a: {} } },
    );
    // a global one is the top chart's wherever a subchart reads it (Envoy Gateway's
    // global.images.envoyProxy.image, written into its config file only once set): listed once
    expect(found.map((l) => `${l.path}=${l.part}`)).toEqual([
      'reloaderImage=image',
      'a.image=image',
      'global.image=image',
      'sub.a.image=image',
      'sub.plain.image=image',
    ]);
  });

  it('reads the same text again by the values it is given this time', () => {
    expect(
      unsetImageValues([{ at: [], texts }], { reloaderImage: 'acme/r:1', a: { image: 'acme/a:1' }, global: { image: 'acme/g:1' }, plain: {} }).map(
        (l) => l.path,
      ),
    ).toEqual(['plain.image']);
    expect(unsetImageValues([{ at: ['x'], texts }], { x: { reloaderImage: 'acme/r:1' } }).map((l) => l.path)).toEqual([
      'x.a.image',
      'global.image',
      'x.plain.image',
    ]);
  });
});
