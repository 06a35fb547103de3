import { describe, expect, it } from 'vitest';
import { originalName } from './source.js';
import { parseSkopeoSync } from './skopeo-yaml.js';

describe('a skopeo sync file as images -o skopeo-sync writes it', () => {
  it('reads the origin and mirror lines, and cert-dir per host', () => {
    const f = parseSkopeoSync(
      [
        '# helm-airgap origin: mirror.example/hub=docker.io',
        '# helm-airgap mirror: quay.io=nexus.example:8082/quay',
        'mirror.example/hub:',
        '  tls-verify: false',
        '  cert-dir: /etc/containers/certs.d/mirror.example',
        '  images:',
        '    library/nginx: ["1.27"]',
        '',
      ].join('\n'),
      'sync.yaml',
    );
    expect([...f.origins]).toEqual([['mirror.example/hub', 'docker.io']]);
    expect(f.mirrors).toEqual({ 'quay.io': 'nexus.example:8082/quay' });
    expect([...f.certDirs]).toEqual([['mirror.example', '/etc/containers/certs.d/mirror.example']]);
    expect(f.insecure).toEqual(['mirror.example']);
    expect(() => parseSkopeoSync('r.example:\n  cert-dir: 3\n  images: {}\n', 's.yaml')).toThrow(/s\.yaml: r\.example: cert-dir: expected a folder path/);
  });

  it("a source below a mirror's location is named as its own registry names it", () => {
    const origins = new Map([['mirror.example:5000/hub', 'docker.io']]);
    expect(originalName('mirror.example:5000/hub/library/nginx:1.27', origins)).toBe('docker.io/library/nginx:1.27');
    expect(originalName('mirror.example:5000/hubx/a:1', origins)).toBe('mirror.example:5000/hubx/a:1');
    expect(originalName('quay.io/a/b:1', undefined)).toBe('quay.io/a/b:1');
  });
});
