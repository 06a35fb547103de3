import { describe, expect, it } from 'vitest';
import { refStrength, toImageRef } from './image-ref.js';

describe('toImageRef', () => {
  it.each([
    ['busybox:latest', 'docker.io/library/busybox:latest', 'tagged'],
    ['nginx', 'docker.io/library/nginx:latest', 'bare'],
    ['bitnami/kubectl:1.30', 'docker.io/bitnami/kubectl:1.30', 'tagged'],
    ['index.docker.io/library/redis:7', 'docker.io/library/redis:7', 'hosted-tagged'],
    ['docker.io/redis', 'docker.io/library/redis:latest', 'hosted'],
    ['localhost/app', 'localhost/app:latest', 'hosted'],
    ['localhost:5000/a/b:v1', 'localhost:5000/a/b:v1', 'hosted-tagged'],
    ['quay.io/jetstack/cert-manager-controller:v1.17.2', 'quay.io/jetstack/cert-manager-controller:v1.17.2', 'hosted-tagged'],
    [`ghcr.io/x/y:v1@sha256:${'a'.repeat(64)}`, `ghcr.io/x/y:v1@sha256:${'a'.repeat(64)}`, 'hosted-tagged'],
    [`x/y@sha256:${'b'.repeat(64)}`, `docker.io/x/y@sha256:${'b'.repeat(64)}`, 'tagged'],
  ])('%s normalises to %s (distribution: docker.io/library, :latest only when no tag or digest)', (raw, normalized, strength) => {
    const r = toImageRef(raw);
    expect(r?.normalized).toBe(normalized);
    expect(r && refStrength(r)).toBe(strength);
  });

  it.each(['', 'Not An Image', 'https://example.com/x', 'Upper:v1', 'a:', '/etc/tls', '$(POD_NAMESPACE)', 'x@sha256:short'])(
    '%j is not a reference (grammar: lower-case path components, tag charset)',
    (raw) => expect(toImageRef(raw)).toBeUndefined(),
  );
});
