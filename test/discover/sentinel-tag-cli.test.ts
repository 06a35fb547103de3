// A tag value the template compares with a sentinel before using it (netdata's restarter:
// `tag: .auto` means "the cluster's version", `ternary (printf "v%s.%s.0" KubeVersion) tag (eq tag
// ".auto")`). The optional search renders with markers on the values, and a marked tag never
// equals the sentinel: the toggled render spelled `rancher/kubectl:.auto`, no image, so the
// switch's image was never listed (holdout M, netdata: optional 7 of 8). A new
// doubtful site under markers is looked at once more without them.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deploymentHead, templateChart } from './template-chart.js';

const VALUES = `restarter:
  enabled: false
  image:
    repository: acme/kubectl
    tag: .auto
other:
  enabled: false
`;

const TEMPLATE = `{{- if .Values.restarter.enabled }}
${deploymentHead('restarter')}      - name: restarter
        image: {{ .Values.restarter.image.repository }}:{{ ternary (printf "v%s.%s.0" .Capabilities.KubeVersion.Major .Capabilities.KubeVersion.Minor) .Values.restarter.image.tag (eq (.Values.restarter.image.tag | toString) ".auto") }}
{{- end }}
`;

describe('a tag compared with a sentinel under a switch', () => {
  const chart = templateChart({ 'restarter.yaml': TEMPLATE }, VALUES);

  it('images --optional lists the image the switch brings, with the tag the template makes', async () => {
    const r = await runCli(['images', chart(), '--optional', '--kube-version', '1.31.0', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional?: { ref: string; toggles?: string[] }[]; doubtful?: { ref: string }[] };
    expect((out.optional ?? []).map((o) => [o.ref, o.toggles])).toEqual([['docker.io/acme/kubectl:v1.31.0', ['restarter.enabled=true']]]);
    expect(out.doubtful ?? []).toEqual([]);
  });
});
