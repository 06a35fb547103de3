// A user's own operator catalog (--catalog DIR, airgap.yaml catalog:): an entry for an in-house
// operator whose image is composed at run time lists that image as builtin, matched as the
// built-in entries are, and the controller is accounted for; a file that does not fit the schema
// is a usage error naming it. Offline: plain `images` reads no controller image. The built CLI runs
// the catalog's loading as a user meets it (its YAML and schema libraries bundled).
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './run-cli.js';
import { runBuilt } from '../support/built-cli.js';

const HOST = 'registry.acme.test';
const AGENT = `${HOST}/acme/composed-agent:v1.0.0`;
const work = mkdtempSync(join(tmpdir(), 'user-catalog-'));
const env = { ...process.env, HELM_AIRGAP_CACHE: join(work, 'cache'), DOCKER_CONFIG: '/nonexistent-docker-config' };

/** A chart running the composer, whose ClusterRole may write ManagedResources another controller applies. */
function composerChart(): string {
  const dir = join(work, 'composer');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: composer\nversion: 1.0.0\n');
  writeFileSync(
    join(dir, 'templates', 'operator.yaml'),
    `apiVersion: v1
kind: ServiceAccount
metadata:
  name: composer
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: composer
rules:
- apiGroups: [resources.gardener.cloud]
  resources: [managedresources]
  verbs: [get, list, create, update, patch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: composer
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: composer}
subjects:
- {kind: ServiceAccount, name: composer, namespace: default}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: composer
spec:
  selector:
    matchLabels: {app: composer}
  template:
    metadata:
      labels: {app: composer}
    spec:
      serviceAccountName: composer
      containers:
      - name: manager
        image: ${HOST}/acme/composer:v1.0.0
`,
  );
  return dir;
}

function catalogDir(name: string, text: string): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'acme-composer.yaml'), text);
  return dir;
}

const ENTRY = `# the agent the composer joins from its registry, a name and its version (cmd/main.go)
operator: Acme Composer
repository: git.acme.internal/platform/composer
images:
  - ${HOST}/acme/composer
releases:
  - versions: 1.0.0
    read: v1.0.0
    defaults:
      - image: ${AGENT}
        at: cmd/main.go:14
`;

interface Report {
  images: { ref: string; need: string; sites: { site: string }[] }[];
  unverifiedControllers: { controller: string }[];
}

describe('a user catalog', () => {
  const chart = composerChart();

  it('--catalog DIR lists its entry image as builtin and accounts for the controller', async () => {
    const without = JSON.parse((await runCli(['-o', 'json', 'images', chart], env)).stdout) as Report;
    expect(without.images.map((i) => i.ref)).not.toContain(AGENT);
    expect(without.unverifiedControllers.map((u) => u.controller)).toEqual(['Deployment/composer']);

    const r = await runBuilt(['-o', 'json', 'images', chart, '--catalog', catalogDir('catalog', ENTRY)], { env });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const agent = report.images.find((i) => i.ref === AGENT);
    expect(agent?.sites.map((s) => s.site)).toEqual(['builtin']);
    expect(report.unverifiedControllers).toEqual([]);
    expect((await runCli(['images', chart, '--catalog', join(work, 'catalog'), '--require-complete'], env)).exitCode).toBe(0);
  });

  it('airgap.yaml catalog: names the folders, relative to the file', async () => {
    catalogDir('spec/operators', ENTRY);
    const spec = join(work, 'spec', 'airgap.yaml');
    writeFileSync(spec, `charts:\n  - path: ${chart}\ncatalog:\n  - operators\n`);
    const report = JSON.parse((await runCli(['-o', 'json', 'images', '--spec', spec], env)).stdout) as Report;
    expect(report.images.map((i) => i.ref)).toContain(AGENT);
    expect(report.unverifiedControllers).toEqual([]);
  });

  it('a catalog file that does not fit the schema exits 2 naming the file, what is wrong and what to do', async () => {
    const dir = catalogDir('bad', ENTRY.replace(/\n {8}at: .*\n/, '\n'));
    for (const command of ['images', 'bundle']) {
      const r = await runBuilt([command, chart, '--catalog', dir, ...(command === 'bundle' ? ['--out', join(work, 'x.tar'), '--dry-run'] : [])], { env });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(join(dir, 'acme-composer.yaml'));
      expect(r.stderr).toContain("/releases/0/defaults/0 must have required property 'at'");
      expect(r.stderr).toMatch(/next: .*catalog\.schema\.json/);
    }
  });
});
