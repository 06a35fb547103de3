// A list of repositories a program checks images against (holdout EE, mogenius' Renovate operator:
// `policy.allowedImages`, rendered joined into env POLICY_ALLOWED_IMAGES, the repositories a
// RenovateJob's image may come from). Before, the values list was an optional image
// (docker.io/renovate/renovate:latest) and the env value two doubtful ones; nothing pulls them.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deployment, templateChart } from './template-chart.js';

const VALUES = `policy:
  allowedImages:
    - renovate/renovate
    - docker.io/renovate/renovate
    - ghcr.io/renovatebot/renovate
`;

const TEMPLATE = `${deployment('op', 'ghcr.io/mogenius/renovate-operator:6.0.1')}        env:
        - name: POLICY_ALLOWED_IMAGES
          value: {{ join "," .Values.policy.allowedImages | quote }}
`;

interface Report {
  images: { ref: string }[];
  optional?: { ref: string }[];
  doubtful?: { ref: string }[];
}

describe('an allow-list of repositories, in values and in the env it renders', () => {
  const chart = templateChart({ 'all.yaml': TEMPLATE }, VALUES);

  it('is neither an image, an optional one nor a doubtful one', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const refs = [...report.images, ...(report.optional ?? []), ...(report.doubtful ?? [])].map((i) => i.ref);
    expect(refs).toEqual(['ghcr.io/mogenius/renovate-operator:6.0.1']);
  });
});
