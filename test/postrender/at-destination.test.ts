// An image already at the destination a map names for it is where the map sends images: the
// pipeline `kustomize` prints as its next step (`kubectl kustomize DIR | helm airgap postrender
// --map FILE | kubectl apply -f -`) meets every image pinned there, tag@digest or digest alone,
// and must hand the stream on. Through the built CLI, as a person runs it.
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/built-cli.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const DEST = '127.0.0.1:5000/mirror/library/nginx';
const MAP = `apiVersion: helm-airgap/v1\nkind: ImageMap\nimages:\n  - source: docker.io/library/nginx:1.25\n    destination: ${DEST}:1.25\n    digest: ${DIGEST}\n`;

function deployment(...images: string[]): string {
  const containers = images.map((image, i) => `      - name: c${i}\n        image: ${image}\n`).join('');
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n${containers}`;
}

function work(): { dir: string; map: string } {
  const dir = mkdtempSync(join(tmpdir(), 'at-destination-'));
  writeFileSync(join(dir, 'images.map.yaml'), MAP);
  return { dir, map: join(dir, 'images.map.yaml') };
}

describe('a reference equal to a map destination counts as moved', () => {
  const atDestination = [`${DEST}:1.25@${DIGEST}`, `${DEST}@${DIGEST}`, `${DEST}:1.25`];

  it('postrender --map passes a stream whose images are at their destinations (tag, tag@digest, digest), exit 0', async () => {
    const { map } = work();
    const input = deployment(...atDestination);
    const r = await runBuilt(['postrender', '--map', map], { input });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(input);
  });

  it('postrender --map still refuses an image the map does not name (exit 3, nothing on stdout); --allow-unmapped leaves it', async () => {
    const { map } = work();
    const input = deployment(`${DEST}:1.25@${DIGEST}`, 'docker.io/library/redis:7');
    const r = await runBuilt(['postrender', '--map', map], { input });
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('docker.io/library/redis:7 (not in the map');
    expect(r.stderr).not.toContain(`${DEST}:1.25@${DIGEST} (not in the map`);
    const allowed = await runBuilt(['postrender', '--map', map, '--allow-unmapped'], { input });
    expect(allowed.exitCode, allowed.stderr).toBe(0);
  });

  it('kustomize --map on an overlay whose images are at their destinations: nothing to write, exit 0', async () => {
    const { dir, map } = work();
    const overlay = join(dir, 'overlay');
    mkdirSync(overlay);
    writeFileSync(join(overlay, 'deploy.yaml'), deployment(...atDestination));
    writeFileSync(join(overlay, 'kustomization.yaml'), 'resources:\n- deploy.yaml\n');
    const r = await runBuilt(['kustomize', overlay, '--map', map]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('0 still pulled from outside the target');
    expect(r.stdout).toContain('already at the target');
  });
});
