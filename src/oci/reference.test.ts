import { describe, expect, it } from 'vitest';
import { InvalidReferenceError } from '../util/errors.js';
import { formatReference, parseReference, referenceSelector } from './reference.js';

const H = 'sha256:' + 'a'.repeat(64);

describe('parseReference', () => {
  it('gives each caller a reference of its own and the same error each time (what a string parses to is kept)', () => {
    const a = parseReference('quay.io/x/y:1');
    a.tag = 'changed';
    expect(parseReference('quay.io/x/y:1')).toEqual({ registry: 'quay.io', repository: 'x/y', tag: '1' });
    for (let i = 0; i < 2; i++) expect(() => parseReference('Nginx')).toThrow(/invalid reference "Nginx": repository name must be lowercase/);
  });

  it.each([
    ['nginx', 'docker.io/library/nginx', 'docker.io: no domain means Docker Hub, one component gets library/'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25', 'tag kept'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis:7', 'two components: no library/'],
    ['docker.io/nginx', 'docker.io/library/nginx', 'explicit docker.io still gets library/'],
    ['index.docker.io/library/nginx:x', 'docker.io/library/nginx:x', 'index.docker.io alias'],
    ['quay.io/jetstack/cert-manager-controller:v1.17.2', 'quay.io/jetstack/cert-manager-controller:v1.17.2', 'domain with dot'],
    ['localhost/app', 'localhost/app', 'localhost is a domain'],
    ['localhost:5000/app:1', 'localhost:5000/app:1', 'domain with port'],
    ['127.0.0.1:5000/a/b/c:t', '127.0.0.1:5000/a/b/c:t', 'ip and port, nested path'],
    [`ghcr.io/x/y@${H}`, `ghcr.io/x/y@${H}`, 'digest'],
    [`ghcr.io/x/y:1.0@${H}`, `ghcr.io/x/y:1.0@${H}`, 'tag and digest'],
    ['Example.COM/app:1', 'Example.COM/app:1', 'upper case allowed in the domain'],
    ['registry.k8s.io/ingress-nginx/controller:v1.10.0', 'registry.k8s.io/ingress-nginx/controller:v1.10.0', 'dashes'],
    ['a__b/c_d.e-f', 'docker.io/a__b/c_d.e-f', 'separators . _ __ -'],
    ['n'.repeat(237), `docker.io/library/${'n'.repeat(237)}`, 'exactly 255 characters once normalised'],
  ])('%s → %s (reference: %s)', (raw, want) => {
    expect(formatReference(parseReference(raw))).toBe(want);
  });

  it.each([
    ['', 'empty'],
    ['Nginx', 'lowercase'],
    ['quay.io/Jetstack/x', 'lowercase'],
    ['nginx:', 'tag'],
    ['nginx:-bad', 'tag'],
    [`nginx:${'a'.repeat(129)}`, 'tag'],
    ['nginx@sha256:abc', '64'],
    ['a@b@c', '@'],
    ['a//b', 'components'],
    ['-a/b', 'components'],
    ['a/b-', 'components'],
    [`x.io/${'a'.repeat(260)}`, '255'],
    // found by fuzz/image-ref.ts: 250 characters as written, 268 once docker.io/library/ is added
    ['n'.repeat(250), '255 characters once normalised'],
    [`x/${'n'.repeat(250)}`, '255 characters once normalised'],
    ['http://x.io/a', 'invalid reference'],
    ['host:99999/x:1', 'port 99999 is not between 1 and 65535'],
    ['host:0/x', 'port 0'],
  ])('%s is refused (reference: invalid mentions %s)', (raw, why) => {
    expect(() => parseReference(raw)).toThrow(InvalidReferenceError);
    expect(() => parseReference(raw)).toThrow(why);
  });

  it.each([
    ['nginx', 'latest'],
    ['nginx:1', '1'],
    [`nginx:1@${H}`, H],
  ])('selector of %s is %s (reference: digest wins over tag, latest by default)', (raw, want) => {
    expect(referenceSelector(parseReference(raw))).toBe(want);
  });

  it('defaultTag adds :latest only without tag and digest (reference: implicit latest)', () => {
    expect(formatReference(parseReference('nginx'), { defaultTag: true })).toBe('docker.io/library/nginx:latest');
    expect(formatReference(parseReference(`nginx@${H}`), { defaultTag: true })).toBe(`docker.io/library/nginx@${H}`);
  });
});

describe('a login in a reference', () => {
  it.each([['bob:pw-123@r.io/a/b:1'], ['bob@r.io:5000/a'], ['bob:pw-123@quay.io/a@sha256:' + 'a'.repeat(64)]])(
    '%s is refused, the login not in the error',
    (raw) => {
      for (let i = 0; i < 2; i++) {
        const e = (() => {
          try {
            parseReference(raw);
          } catch (err) {
            return err as InvalidReferenceError;
          }
          throw new Error('parsed');
        })();
        expect(e.message).toMatch(/does not belong in a reference/);
        expect(e.message + e.reference).not.toMatch(/pw-123|bob/);
        expect(e.hint).toMatch(/docker login/);
      }
    },
  );
});
