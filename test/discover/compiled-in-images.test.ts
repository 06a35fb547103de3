// A Go operator built here (Debian's Go toolchain) with a compiled-in default image and an
// embedded image vector, packed into an image in a real registry, behind a chart whose RBAC names
// no pods (it writes Gardener ManagedResources another controller applies): bundle and
// `images --scan-images` read the operator's own image, list both images as builtin with where
// they were found, and name a variant that composes its image at run time as unverified (until a
// user's catalog entry for it lists that image). A user's catalog entry for the operator is
// checked against what its program holds (each difference reported, neither side preferred), its
// optional defaults carry their need into the bundle's lock, and the lock records its files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { buildGoOperator, pushImage } from '../support/go-operator.js';
import { runCli } from './run-cli.js';
import { boundAccount } from './template-chart.js';

const HOST = 'registry.acme.test';
const GO_MOD = 'module example.com/operator\n\ngo 1.19\n';
const VECTOR = `images:\n- name: sidecar\n  sourceRepository: github.com/acme/sidecar\n  repository: ${HOST}/acme/sidecar\n  tag: "v0.4.2"\n`;
const DEFAULTS = `package main

import (
	_ "embed"
	"flag"
	"fmt"
	"os"
)

//go:embed images.yaml
var imageVector string

var version = "dev"

const defaultAgent = "${HOST}/acme/agent:v2.3.1"

func agentImage() string {
	if v := os.Getenv("AGENT_IMAGE"); v != "" {
		return v
	}
	return defaultAgent
}

func main() {
	// an example in a help text is no image the program pulls
	override := flag.String("agent-image", "", "another agent image to run, e.g. ${HOST}/acme/example:v9 for the example build")
	flag.Parse()
	if *override != "" {
		os.Setenv("AGENT_IMAGE", *override)
	}
	if len(os.Args) > 5 {
		panic("failed to acquire lock")
	}
	fmt.Println(agentImage(), len(imageVector), "${HOST}/acme/worker:"+version)
}
`;
// the image joined from a registry, a name and the version at run time: no whole reference anywhere
const COMPOSED = `package main

import (
	"fmt"
	"os"
)

var version = "dev"

const registry = "${HOST}/acme"

func main() {
	name := "composed" + os.Getenv("SUFFIX") + "-agent"
	fmt.Println(fmt.Sprintf("%s/%s:%s", registry, name, version))
}
`;

const env = { ...process.env, HELM_AIRGAP_CACHE: mkdtempSync(join(tmpdir(), 'compiled-in-cache-')), DOCKER_CONFIG: '/nonexistent-docker-config' };
let registry: RunningRegistry;
let work: string;
let mirror: string[];

/** A chart running `image` whose ClusterRole may write ManagedResources and nothing that makes pods. */
function operatorChart(name: string, image: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`);
  writeFileSync(
    join(dir, 'templates', 'operator.yaml'),
    boundAccount(
      name,
      `- apiGroups: [resources.gardener.cloud]
  resources: [managedresources]
  verbs: [get, list, create, update, patch]
- apiGroups: [""]
  resources: [secrets]
  verbs: [create, update]
`,
    ) +
      `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      serviceAccountName: ${name}
      containers:
      - name: manager
        image: ${image}
`,
  );
  return dir;
}

/** The operator's image: /manager a link to the program in an upper layer (read through the link). */
async function pushOperator(repo: string, program: Buffer, architecture = 'amd64'): Promise<void> {
  await pushImage(
    registry.host,
    repo,
    'v1.0.0',
    [
      [
        { name: 'usr/', type: '5' },
        { name: 'manager', type: '2', linkname: 'usr/local/bin/manager' },
        { name: 'etc/stale', data: 'deleted above' },
      ],
      [
        { name: 'usr/local/bin/manager', data: program },
        { name: 'etc/.wh.stale', data: '' },
      ],
    ],
    { Entrypoint: ['/manager'], User: '65532' },
    architecture,
  );
}

beforeAll(async () => {
  registry = await startRegistry();
  work = mkdtempSync(join(tmpdir(), 'compiled-in-'));
  mirror = ['--mirror', `${HOST}=${registry.host}`];
  const withVersion = '-X main.version=v1.0.0';
  await pushOperator('acme/operator', await buildGoOperator({ 'go.mod': GO_MOD, 'main.go': DEFAULTS, 'images.yaml': VECTOR }, withVersion));
  await pushOperator(
    'acme/operator-arm64',
    await buildGoOperator({ 'go.mod': GO_MOD, 'main.go': DEFAULTS, 'images.yaml': VECTOR }, withVersion, 'arm64'),
    'arm64',
  );
  await pushOperator('acme/composer', await buildGoOperator({ 'go.mod': GO_MOD, 'main.go': COMPOSED }, withVersion));
  // the images the programs pull (and the one the composer joins, which nothing in it names whole)
  for (const [repo, tag] of [
    ['acme/agent', 'v2.3.1'],
    ['acme/sidecar', 'v0.4.2'],
    ['acme/worker', 'v1.0.0'],
    ['acme/example', 'v9'],
    ['acme/composed-agent', 'v1.0.0'],
  ])
    await pushImage(registry.host, repo!, tag!, [[{ name: `${repo}.txt`, data: repo }]]);
}, 300_000);

afterAll(() => registry?.stop());

describe('images compiled into an operator, read from its own image', () => {
  it('bundle carries the compiled-in default and the embedded vector image as builtin, with where they were found', async () => {
    const chart = operatorChart('defaults-operator', `${HOST}/acme/operator:v1.0.0`);
    const out = join(work, 'defaults.tar');
    const r = await runCli(['bundle', chart, ...mirror, '-o', out, '--require-complete'], env);
    expect(r.stderr).not.toContain('Error');
    expect(r.exitCode).toBe(0);
    const json = JSON.parse((await runCli(['-o', 'json', 'inspect', out], env)).stdout) as { images: { name?: string }[] };
    const refs = json.images.map((i) => i.name);
    expect(refs).toEqual(expect.arrayContaining([`${HOST}/acme/agent:v2.3.1`, `${HOST}/acme/sidecar:v0.4.2`, `${HOST}/acme/worker:v1.0.0`]));
    expect(refs).not.toContain(`${HOST}/acme/example:v9`);
    const foundIn = `${HOST}/acme/operator:v1.0.0:/usr/local/bin/manager`;
    expect(r.stdout).toContain(`builtin: compiled into ${foundIn} (string constant`);
    expect(r.stdout).toContain(`builtin: compiled into ${foundIn} (embedded text: images[0].repository+tag)`);
    expect(r.stdout).toContain(`builtin: compiled into ${foundIn} (repository ${HOST}/acme/worker: joined to the program's own version v1.0.0)`);
    expect(r.stdout).toMatch(
      /Scanned registry\.acme\.test\/acme\/operator:v1\.0\.0:\/usr\/local\/bin\/manager: 3 compiled-in image\(s\) confirmed, [\d.]+ s, \d+ bytes read/,
    );
    expect(r.stdout).not.toContain('Unverified controllers');
    // values renders the chart again, which names none of them: the lock's evidence is accounted for,
    // as images no value moves (the operator has no setting for them)
    const v = await runCli(['-o', 'json', 'values', out, '--registry', 'target.example/mirror', '--out-dir', join(work, 'vals')], env);
    expect(v.exitCode).toBe(3);
    expect(v.stdout).toContain(`${HOST}/acme/agent:v2.3.1`);
    expect(v.stdout).toContain(`${HOST}/acme/sidecar:v0.4.2`);
  });

  it('images --scan-images lists them as builtin in -o json and --explain; plain images stays offline and names the controller unverified', async () => {
    const chart = operatorChart('defaults-operator-2', `${HOST}/acme/operator:v1.0.0`);
    const r = await runCli(['-o', 'json', 'images', chart, '--scan-images', ...mirror], env);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as {
      images: { ref: string; need: string; sites: { site: string; builtin?: { at: string; evidence?: { foundIn: string; digest: string } } }[] }[];
      unverifiedControllers: unknown[];
      scans: { image: string; bytes: number; seconds: number }[];
    };
    const agent = report.images.find((e) => e.ref === `${HOST}/acme/agent:v2.3.1`);
    expect(agent?.sites[0]).toMatchObject({
      site: 'builtin',
      builtin: { at: '/usr/local/bin/manager', evidence: { foundIn: `${HOST}/acme/operator:v1.0.0:/usr/local/bin/manager` } },
    });
    expect(agent?.sites[0]?.builtin?.evidence?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(report.images.map((e) => e.ref)).toContain(`${HOST}/acme/sidecar:v0.4.2`);
    expect(report.unverifiedControllers).toEqual([]);
    expect(report.scans[0]!.bytes).toBeGreaterThan(0);

    // the same read from the bundle the first test wrote (an OCI layout reads alike)
    const fromBundle = JSON.parse(
      (await runCli(['-o', 'json', 'images', chart, '--scan-images', '--scan-from', join(work, 'defaults.tar'), ...mirror], env)).stdout,
    ) as typeof report;
    expect(fromBundle.images.map((e) => e.ref)).toEqual(expect.arrayContaining([`${HOST}/acme/agent:v2.3.1`, `${HOST}/acme/sidecar:v0.4.2`]));

    const explain = await runCli(['images', chart, '--scan-images', '--explain', ...mirror], env);
    expect(explain.stdout).toContain(`compiled into ${HOST}/acme/operator:v1.0.0:/usr/local/bin/manager`);

    // offline: nothing read, so nothing said complete
    const plain = await runCli(['-o', 'json', 'images', chart], env);
    const offline = JSON.parse(plain.stdout) as { images: { ref: string }[]; unverifiedControllers: { controller: string; reason: string; next: string }[] };
    expect(offline.images.map((e) => e.ref)).not.toContain(`${HOST}/acme/agent:v2.3.1`);
    expect(offline.unverifiedControllers).toEqual([
      expect.objectContaining({
        controller: 'Deployment/defaults-operator-2',
        image: `${HOST}/acme/operator:v1.0.0`,
        next: expect.stringContaining('--scan-images'),
      }),
    ]);
    expect(offline.unverifiedControllers[0]!.reason).toContain('managedresources.resources.gardener.cloud');
    expect((await runCli(['images', chart, '--require-complete'], env)).exitCode).toBe(3);
  });

  it('an arm64 build is read as well (its string loads are ADRP+ADD with the length beside them)', async () => {
    const chart = operatorChart('arm64-operator', `${HOST}/acme/operator-arm64:v1.0.0`);
    const r = await runCli(['-o', 'json', 'images', chart, '--scan-images', ...mirror], env);
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as { images: { ref: string; sites: { builtin?: { evidence?: { detail: string } } }[] }[] };
    const agent = report.images.find((e) => e.ref === `${HOST}/acme/agent:v2.3.1`);
    expect(agent?.sites[0]?.builtin?.evidence?.detail).toBe('string constant (loaded in code)');
    expect(report.images.map((e) => e.ref)).toEqual(expect.arrayContaining([`${HOST}/acme/sidecar:v0.4.2`, `${HOST}/acme/worker:v1.0.0`]));
  });

  it('an operator that composes its image at run time is named under unverified controllers (--require-complete exits 3) until a --catalog entry lists its image', async () => {
    const chart = operatorChart('composing-operator', `${HOST}/acme/composer:v1.0.0`);
    const r = await runCli(['bundle', chart, ...mirror, '-o', join(work, 'composed.tar')], env);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Unverified controllers (1');
    expect(r.stdout).toContain(`its program names ${HOST}/acme with no tag`);
    expect(r.stdout).not.toContain('composed-agent');
    const strict = await runCli(['bundle', chart, ...mirror, '-o', join(work, 'composed-strict.tar'), '--require-complete'], env);
    expect(strict.exitCode).toBe(3);
    expect(strict.stderr).toContain('Deployment/composing-operator');

    const images = await runCli(['-o', 'json', 'images', chart, '--scan-images', '--require-complete', ...mirror], env);
    expect(images.exitCode).toBe(3);
    const doc = JSON.parse(images.stdout) as { report: { unverifiedControllers: { controller: string; image: string; reason: string; next: string }[] } };
    expect(doc.report.unverifiedControllers).toEqual([
      expect.objectContaining({
        controller: 'Deployment/composing-operator',
        image: `${HOST}/acme/composer:v1.0.0`,
        next: expect.stringContaining('--catalog'),
      }),
    ]);

    // the next step taken: a catalog entry for it lists its image, carried as builtin, and accounts for the controller
    const catalog = join(work, 'catalog');
    mkdirSync(catalog, { recursive: true });
    writeFileSync(
      join(catalog, 'acme-composer.yaml'),
      `operator: Acme Composer\nrepository: example.com/acme/composer\nimages: [${HOST}/acme/composer]\nreleases:\n  - versions: 1.0.0\n    read: v1.0.0\n    defaults:\n      - image: ${HOST}/acme/composed-agent:v1.0.0\n        at: main.go:15\n`,
    );
    const out = join(work, 'composed-catalog.tar');
    const known = await runCli(['bundle', chart, ...mirror, '-o', out, '--catalog', catalog, '--require-complete'], env);
    expect(known.stderr).not.toContain('Error');
    expect(known.exitCode).toBe(0);
    expect(known.stdout).not.toContain('Unverified controllers');
    const carried = JSON.parse((await runCli(['-o', 'json', 'inspect', out], env)).stdout) as { images: { name?: string }[] };
    expect(carried.images.map((i) => i.name)).toContain(`${HOST}/acme/composed-agent:v1.0.0`);
  });

  /** A folder holding one catalog file, `name`, of this text. */
  function catalogDir(name: string, text: string): string {
    const dir = mkdtempSync(join(work, 'catalog-'));
    writeFileSync(join(dir, name), text);
    return dir;
  }
  const acmeEntry = (defaults: string) =>
    `operator: Acme Operator\nrepository: example.com/acme/operator\nimages: [${HOST}/acme/operator]\nresources: [{group: acme.io, kind: Sidecar}]\nreleases:\n  - versions: 1.0.0\n    read: v1.0.0\n    defaults:\n${defaults}`;

  it('a catalog entry and the program disagree: each difference is reported in text and -o json, both sides listed', async () => {
    const chart = operatorChart('catalogued-operator', `${HOST}/acme/operator:v1.0.0`);
    // the entry has the agent at another tag (and optional, for a Sidecar), the worker as the
    // program joins it, an image the program does not hold, and no sidecar
    const catalog = catalogDir(
      'acme.yaml',
      acmeEntry(
        `      - image: ${HOST}/acme/agent:v2.3.0\n        at: main.go:17\n        need: optional\n        with: [{kind: Sidecar, at: main.go:30}]\n` +
          `      - image: ${HOST}/acme/worker:{operatorTag}\n        at: main.go:41\n      - image: ${HOST}/acme/gone:v1\n        at: main.go:50\n`,
      ),
    );
    const r = await runCli(['-o', 'json', 'images', chart, '--scan-images', '--catalog', catalog, ...mirror], env);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as {
      images: { ref: string; sites: { builtin?: { need?: string } }[] }[];
      optional: { ref: string; sites: { builtin?: { need?: string; pulledWith?: string; evidence?: unknown } }[] }[];
      catalogDifferences: unknown[];
    };
    expect(report.catalogDifferences).toEqual([
      {
        controller: 'Deployment/catalogued-operator',
        operator: 'Acme Operator',
        image: `${HOST}/acme/operator:v1.0.0`,
        programs: [`${HOST}/acme/operator:v1.0.0:/usr/local/bin/manager`],
        notInCatalog: [`${HOST}/acme/sidecar:v0.4.2`],
        otherwise: [{ catalog: `${HOST}/acme/agent:v2.3.0`, evidence: `${HOST}/acme/agent:v2.3.1`, differs: 'tag' }],
        notInProgram: [`${HOST}/acme/gone:v1`],
        catalog: expect.arrayContaining([`${HOST}/acme/agent:v2.3.0`, `${HOST}/acme/worker:v1.0.0`, `${HOST}/acme/gone:v1`]),
      },
    ]);
    // neither side preferred: the catalog's agent and the program's are both listed, the program's
    // taking the need the catalog gives that image (optional, for a Sidecar)
    const optional = new Map(report.optional.map((e) => [e.ref, e]));
    expect(optional.get(`${HOST}/acme/agent:v2.3.0`)?.sites[0]?.builtin).toMatchObject({ need: 'optional' });
    expect(optional.get(`${HOST}/acme/agent:v2.3.1`)?.sites[0]?.builtin).toMatchObject({
      need: 'optional',
      pulledWith: 'a Sidecar (acme.io) resource (main.go:30)',
      evidence: expect.anything(),
    });
    expect(report.images.find((e) => e.ref === `${HOST}/acme/sidecar:v0.4.2`)?.sites[0]?.builtin).toMatchObject({ need: 'needed' });
    expect(report.images.map((e) => e.ref)).toEqual(expect.arrayContaining([`${HOST}/acme/worker:v1.0.0`, `${HOST}/acme/gone:v1`]));

    const text = await runCli(['images', chart, '--scan-images', '--catalog', catalog, ...mirror], env);
    const who = `warning: catalog and evidence differ for Deployment/catalogued-operator (Acme Operator, read in ${HOST}/acme/operator:v1.0.0:/usr/local/bin/manager)`;
    expect(text.stdout).toContain(`${who}: its program holds ${HOST}/acme/sidecar:v0.4.2, which the catalog entry does not list`);
    expect(text.stdout).toContain(`${who}: the catalog entry lists ${HOST}/acme/agent:v2.3.0, its program holds ${HOST}/acme/agent:v2.3.1 (another tag`);
    expect(text.stdout).toContain(`${who}: the catalog entry lists ${HOST}/acme/gone:v1, which its program does not hold whole`);
  });

  it("bundle records the user's catalog files (name, operator, sha256), which inspect shows, and carries each compiled-in image's need in its lock", async () => {
    const chart = operatorChart('optional-operator', `${HOST}/acme/operator:v1.0.0`);
    const text = acmeEntry(
      `      - image: ${HOST}/acme/agent:v2.3.1\n        at: main.go:17\n` +
        `      - image: ${HOST}/acme/sidecar:v0.4.2\n        at: images.yaml:4\n        need: optional\n        with: [{kind: Sidecar, at: main.go:30}]\n`,
    );
    const catalog = catalogDir('acme-operator.yaml', text);
    const out = join(work, 'optional.tar');
    const r = await runCli(['bundle', chart, ...mirror, '-o', out, '--catalog', catalog], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`  ${HOST}/acme/sidecar:v0.4.2: compiled into Acme Operator, pulled only with a Sidecar (acme.io) resource (main.go:30)`);
    const lock = JSON.parse(execFileSync('tar', ['-xOf', out, 'airgap-lock.json'], { encoding: 'utf8' })) as {
      images: { ref: string; sites: { builtin?: { need?: string } }[] }[];
      notBundled: { ref: string; sites: { toggle?: string; builtin?: { need?: string; pulledWith?: string } }[] }[];
      catalog?: unknown;
    };
    const digest = `sha256:${createHash('sha256')
      .update(readFileSync(join(catalog, 'acme-operator.yaml')))
      .digest('hex')}`;
    expect(lock.catalog).toEqual([{ file: 'acme-operator.yaml', operator: 'Acme Operator', digest }]);
    expect(lock.images.find((i) => i.ref === `${HOST}/acme/agent:v2.3.1`)?.sites[0]?.builtin?.need).toBe('needed');
    expect(lock.notBundled.find((i) => i.ref === `${HOST}/acme/sidecar:v0.4.2`)?.sites[0]).toMatchObject({
      toggle: 'a Sidecar (acme.io) resource (main.go:30)',
      builtin: { need: 'optional', pulledWith: 'a Sidecar (acme.io) resource (main.go:30)' },
    });

    const inspected = JSON.parse((await runCli(['-o', 'json', 'inspect', out], env)).stdout) as { catalog?: unknown };
    expect(inspected.catalog).toEqual(lock.catalog);
    expect((await runCli(['inspect', out], env)).stdout).toContain(`  acme-operator.yaml  Acme Operator  ${digest}`);
    const html = join(work, 'optional.html');
    expect((await runCli(['inspect', out, '--html', html], env)).exitCode).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain(`<td><code>acme-operator.yaml</code></td><td>Acme Operator</td><td><code>${digest}</code></td>`);
    // a bundle made without --catalog records none
    const plain = JSON.parse((await runCli(['-o', 'json', 'inspect', join(work, 'defaults.tar')], env)).stdout) as { catalog?: unknown };
    expect(plain.catalog).toBeUndefined();
  });
});
