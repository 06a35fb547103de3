// The operator `bench/discover --scan` bundles: a Go program built with Debian's Go toolchain (as
// the tests build theirs, test/support/go-operator.ts) that holds a compiled-in default, an image
// vector it embeds and a repository joined to its own version, pushed with the images it names to
// a real registry, behind a chart whose controller may create pods, so `bundle` reads its image.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGoOperator, pushImage } from '../../test/support/go-operator.js';

export const SCAN_HOST = 'registry.bench.test';

const PROGRAM = `package main

import (
	_ "embed"
	"fmt"
	"os"
)

//go:embed images.yaml
var vector string

var version = "dev"

func main() {
	agent := "${SCAN_HOST}/bench/agent:v1.4.0"
	if v := os.Getenv("AGENT_IMAGE"); v != "" {
		agent = v
	}
	fmt.Println(agent, len(vector), "${SCAN_HOST}/bench/worker:"+version)
}
`;

/** The images the program names, each pushed so the scan's HEADs confirm it. */
const PULLED: readonly [string, string][] = [
  ['bench/agent', 'v1.4.0'],
  ['bench/sidecar', 'v0.9.1'],
  ['bench/worker', 'v2.0.0'],
];

const CHART = (image: string) => `apiVersion: v1
kind: ServiceAccount
metadata: {name: scanned}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: scanned}
rules:
- {apiGroups: [""], resources: [pods], verbs: [create, delete, get, list]}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: scanned}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: scanned}
subjects: [{kind: ServiceAccount, name: scanned, namespace: default}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: scanned}
spec:
  selector: {matchLabels: {app: scanned}}
  template:
    metadata: {labels: {app: scanned}}
    spec:
      serviceAccountName: scanned
      containers:
      - {name: manager, image: ${image}}
`;

/** Builds and pushes the operator and its images to `registry` (host:port); returns the chart's folder. */
export async function scannedOperatorChart(registry: string): Promise<string> {
  const program = await buildGoOperator(
    {
      'go.mod': 'module example.com/bench\n\ngo 1.19\n',
      'main.go': PROGRAM,
      'images.yaml': `images:\n- name: sidecar\n  repository: ${SCAN_HOST}/bench/sidecar\n  tag: "v0.9.1"\n`,
    },
    '-X main.version=v2.0.0',
  );
  await pushImage(registry, 'bench/operator', 'v2.0.0', [[{ name: 'manager', data: program }]], { Entrypoint: ['/manager'] });
  for (const [repo, tag] of PULLED) await pushImage(registry, repo, tag, [[{ name: `${repo}.txt`, data: repo }]]);
  const dir = join(mkdtempSync(join(tmpdir(), 'bench-scan-')), 'scanned');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: scanned\nversion: 1.0.0\n');
  writeFileSync(join(dir, 'templates', 'operator.yaml'), CHART(`${SCAN_HOST}/bench/operator:v2.0.0`));
  return dir;
}
