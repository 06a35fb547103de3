// Runs around every test file (vitest.config.ts setupFiles). A worker keeps its modules from one
// file to the next, so process-wide trust set by one file's commands (--ca-file, --cert-dir, a
// chart repository's CA) would outlive it, and a later file's plain-HTTP registry on a reused
// loopback port would be spoken to in TLS. Each file ends with the trust a new process starts with.
import { afterAll } from 'vitest';
import { setExtraTrust } from '../../src/registry/extra-trust.js';
import { forgetHostTls } from '../../src/registry/transport.js';

export function resetProcessTrust(): void {
  forgetHostTls();
  setExtraTrust({ all: [], byHost: new Map() });
}

afterAll(resetProcessTrust);
