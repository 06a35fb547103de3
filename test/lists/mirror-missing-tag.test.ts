// A tag missing where a --mirror sends the request: the error names the image and where it was
// asked (the mirror's host and path), so the user knows which registry lacks it. Through the built
// CLI, against a real docker-registry as the mirror.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBuilt } from '../support/built-cli.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';

let mirror: RunningRegistry;
let dest: RunningRegistry;
beforeAll(async () => {
  [mirror, dest] = await Promise.all([startRegistry(), startRegistry()]);
});
afterAll(async () => {
  await Promise.all([mirror?.stop(), dest?.stop()]);
});

describe('a missing tag fetched through a mirror', () => {
  it('copy --mirror: the error names the mirror location it asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mirror-missing-'));
    writeFileSync(join(dir, 'images.txt'), 'docker.io/library/nope:1.0\n');
    const r = await runBuilt([
      'copy',
      '--from-file',
      join(dir, 'images.txt'),
      `docker://${dest.host}/m`,
      '--mirror',
      `docker.io=${mirror.host}/hub`,
      '--insecure-registry',
      mirror.host,
      '--insecure-registry',
      dest.host,
    ]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`docker.io/library/nope:1.0: manifest unknown (asked at ${mirror.host}/hub/library/nope:1.0)`);
  });
});
