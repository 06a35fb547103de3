// Standard output as the built CLI writes it (src/cli/stdio.ts): straight to the descriptor, handed
// to Node's stream where the descriptor would block (src/cli/stdio.test.ts makes it block for sure),
// and ended quietly when the reader goes away.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
let work: string;
let chart: string;
let expected: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-stdout-'));
  chart = join(work, 'big');
  // ~600 KB of manifests: many times a pipe's 64 KiB buffer
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: big\nversion: 1.0.0\n',
    'templates/cms.yaml':
      '{{- range $i := until 400 }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{{ $i }}\ndata:\n  text: {{ repeat 1400 "x" | quote }}\n{{- end }}\n',
  });
  const r = await execa(BIN, ['template', 'rel', chart], { env: { HELM_AIRGAP_CACHE: join(work, 'cache') } });
  expected = r.stdout + '\n';
  expect(expected.length).toBeGreaterThan(500_000);
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('standard output', () => {
  it('a reader that closes early (| head) ends the render quietly with exit 0', async () => {
    const r = await execa('bash', ['-c', 'set -o pipefail; "$0" template rel "$1" | head -c 100 >/dev/null', BIN, chart], {
      reject: false,
      env: { HELM_AIRGAP_CACHE: join(work, 'cache') },
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('a non-blocking pipe of one page (its writes refused while the reader lags): every byte arrives, in order', async () => {
    // perl-base is part of every Debian system; F_SETPIPE_SZ is 1031 on Linux
    const nonBlocking =
      'fcntl(STDOUT, 1031, 4096) or die "pipe size: $!"; fcntl(STDOUT, F_SETFL, fcntl(STDOUT, F_GETFL, 0) | O_NONBLOCK) or die "flags: $!"; exec @ARGV or die "exec: $!"';
    // through a pipe to cat: Node gives a child a socket, not a pipe, for its stdout
    const r = await execa('bash', ['-c', 'set -o pipefail; perl -MFcntl -e "$0" "$@" | cat', nonBlocking, BIN, 'template', 'rel', chart], {
      reject: false,
      stripFinalNewline: false,
      env: { HELM_AIRGAP_CACHE: join(work, 'cache') },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(expected);
  });

  it('standard output on a full disk (/dev/full): exit 1, the error said on stderr with its next step, also with -o json', async () => {
    for (const args of [[], ['-o', 'json']]) {
      const r = await execa('bash', ['-c', '"$0" "$@" > /dev/full', BIN, 'template', 'rel', chart, ...args], {
        reject: false,
        env: { HELM_AIRGAP_CACHE: join(work, 'cache') },
      });
      expect(r.exitCode, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/^Error: ENOSPC: no space left on device, write: the disk is full\nnext: free space there/);
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }
  });
});
