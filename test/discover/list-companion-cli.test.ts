// A list ranged inside an `if` (holdout PP: Plex's rclone sidecars, one per entry of
// `rclone.remotes: []`, inside `if and .Values.rclone.enabled .Values.rclone.configSecret`, each
// entry a `name:path` string cut with `split ":" .`). The list round added one map entry alone:
// the `if` held the range back, and `split` refuses a map, so the sidecar's image was listed from
// its values with no setting. Now a list that brought nothing is searched with the switches of
// the template that ranges over it, its entry as a map and then as a plain string.
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deploymentHead, templateChart } from './template-chart.js';

const TEMPLATE = `${deploymentHead('pms')}      - name: pms
        image: {{ .Values.image }}
{{- if and .Values.rclone.enabled .Values.rclone.configSecret }}
{{- range .Values.rclone.remotes }}
      - name: rclone-{{ (split ":" .)._0 }}
        image: {{ $.Values.rclone.image.repository }}:{{ $.Values.rclone.image.tag }}
        args: [mount, "{{ . }}", "/data/{{ (split ":" .)._0 }}"]
{{- end }}
{{- end }}
`;
const VALUES = `image: acme/pms:1.43
rclone:
  enabled: false
  configSecret: ""
  image:
    repository: rclone/rclone
    tag: 1.70.3
  remotes: []
`;

describe('a list of strings ranged inside an `if` of a switch and a string', () => {
  const chart = templateChart({ 'pms.yaml': TEMPLATE }, VALUES);
  const setting = 'rclone.enabled=true,rclone.configSecret=example,rclone.remotes[0]=example';

  it('lists the sidecar with the switch, the string and one entry', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    expect(out.optional.find((i) => i.ref === 'docker.io/rclone/rclone:1.70.3')?.toggles).toEqual([setting]);
  });

  it('real Helm runs it with that setting', async () => {
    const { helm } = await realHelm(4);
    const { stdout } = await execa(helm, ['template', 'rel', chart(), '--set', setting]);
    expect(podSpecImages(stdout)).toContain('rclone/rclone:1.70.3');
  });
});
