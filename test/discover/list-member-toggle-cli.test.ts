// A part a template turns on by a word in a list (holdout NN: Devtron's `if has "cicd"
// .Values.installer.modules`, the list empty by default, around git-sensor, kubewatch, lens, NATS and
// the installer): before, no toggle reached the branch, and its images were listed only from the
// values, as `name:tag` without the registry the chart's helper puts before them
// (docker.io/library/git-sensor instead of quay.io/devtron/git-sensor) and with no setting. Now the
// word is appended to the list (`installer.modules[0]=cicd`) and the branch's render names them.
// A sample payload in a ConfigMap key (EXTERNAL_CI_PAYLOAD, the body a CI webhook is shown to
// send) names an image nobody pulls, and is rejected.
import { describe, expect, it } from 'vitest';
import { deployment, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const VALUES = `global:
  containerRegistry: quay.io/acme
installer:
  modules: []
components:
  sensor:
    image: "git-sensor:1.2"
`;

const PAYLOAD = `apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
data:
  EXTERNAL_CI_PAYLOAD: '{"dockerImage":"123456789012.dkr.ecr.us-east-2.amazonaws.com/orch:23907713-2"}'
`;

describe('a list word that turns a part on', () => {
  const chart = templateChart(
    {
      'app.yaml': deployment('app', 'quay.io/acme/dashboard:1.0'),
      'sensor.yaml': `{{- if has "cicd" .Values.installer.modules }}\n${deployment('sensor', '{{ .Values.global.containerRegistry }}/{{ .Values.components.sensor.image }}')}---\n${PAYLOAD}{{- end }}\n`,
    },
    VALUES,
  );

  it('is listed as optional, as the chart composes it, with the word appended to the list', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional: { ref: string; toggles: string[] }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['quay.io/acme/dashboard:1.0']);
    expect(Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]))).toEqual({
      'quay.io/acme/git-sensor:1.2': ['installer.modules[0]=cicd'],
    });
  });
});
