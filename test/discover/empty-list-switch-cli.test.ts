// A part an `if` turns on by a switch and a list that is empty by default, together (dysnix/app's
// volumePermissions init container: `if and .Values.volumePermissions.command
// .Values.persistence.enabled`): neither brings it alone, so the image was listed from its values
// block with no setting (ZZ). The search of the ifs around an unused block gives the
// list one entry beside the switch.
import { describe, expect, it } from 'vitest';
import { deploymentHead, listImages, templateChart } from './template-chart.js';

const DEPLOYMENT = `${deploymentHead('app')}      - name: app
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
{{- if and .Values.volumePermissions.command .Values.persistence.enabled }}
      initContainers:
      - name: volume-permissions
        image: "{{ .Values.volumePermissions.image.repository }}:{{ .Values.volumePermissions.image.tag }}"
        command: {{ toYaml .Values.volumePermissions.command | nindent 10 }}
{{- end }}
`;

describe('an empty list an if tests beside a switch', () => {
  const chart = templateChart(
    { 'deployment.yaml': DEPLOYMENT },
    [
      'image:',
      '  repository: ghcr.io/acme/app',
      '  tag: "1.0"',
      'persistence:',
      '  enabled: false',
      'volumePermissions:',
      '  command: []',
      '  image:',
      '    repository: docker.io/library/busybox',
      '    tag: "1.36"',
      '',
    ].join('\n'),
  );

  it('names the switch and one list entry as the setting', async () => {
    const listed = await listImages(chart(), ['--optional']);
    const shell = (listed.optional ?? []).find((i) => i.ref === 'docker.io/library/busybox:1.36');
    expect(shell?.toggles).toEqual(['volumePermissions.command[0]=example,persistence.enabled=true']);
  });
});
