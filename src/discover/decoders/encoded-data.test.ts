import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { embeddedCandidates } from './embedded-data.js';
import { base64Text, gzipText } from './data-decoding.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('base64 data read as the text a controller reads', () => {
  it('decodes text, refuses binary, non-base64 and control characters', () => {
    expect(base64Text(b64('image: quay.io/a/b:1\n'))).toBe('image: quay.io/a/b:1\n');
    expect(base64Text(b64('a: 1\nb: 2\n').replace(/(.{8})/g, '$1\n'))).toBe('a: 1\nb: 2\n');
    expect(base64Text(Buffer.from([0, 1, 2, 3, 0xff, 0xfe]).toString('base64'))).toBeUndefined();
    expect(base64Text('not base64!')).toBeUndefined();
    expect(base64Text(b64('bell\u0007 rings'))).toBeUndefined();
  });

  it('a base64 string inside decoded data is read once more, its decoding named; short names are not decoded', () => {
    const inner = b64('sidecar:\n  image: quay.io/acme/side:2.0\n');
    const text = JSON.stringify({ payload: inner, name: 'library/nginx' });
    const found = embeddedCandidates(text, 'cfg.json', ['data', 'cfg.json'], ['base64']);
    expect(found.map((c) => [c.raw, c.suffix])).toEqual([
      ['quay.io/acme/side:2.0', ' > base64.payload.base64.sidecar.image'],
      ['library/nginx', ' > base64.name'],
    ]);
  });

  it('gzip of text under base64 is inflated, bounded; other compressed bytes are not text', () => {
    const packed = gzipSync(Buffer.from('image: quay.io/a/b:1\n')).toString('base64');
    expect(gzipText(packed)).toBe('image: quay.io/a/b:1\n');
    expect(base64Text(packed)).toBeUndefined();
    expect(gzipText(gzipSync(Buffer.from([0, 1, 2, 0xff])).toString('base64'))).toBeUndefined();
    // past the bound while inflating: not read (a zip bomb costs nothing)
    expect(gzipText(gzipSync(Buffer.alloc(9 << 20, 0x61)).toString('base64'))).toBeUndefined();
  });

  it('a stream of several documents is read whole, not only its first document', () => {
    const text = 'kind: Namespace\nmetadata:\n  name: ns\n---\nkind: Deployment\nspec:\n  image: quay.io/acme/ctl:1.0\n';
    const found = embeddedCandidates(text, 'components', ['data', 'components']);
    expect(found.map((c) => c.raw)).toContain('quay.io/acme/ctl:1.0');
  });

  it("a program's source reads only quoted values: an unquoted right-hand side is a variable", () => {
    const py = [
      '# load the config object (satisfies linters)',
      'c = get_config()  # noqa',
      'import os',
      'image = get_config("singleuser.image.name")',
      'if image:',
      '    c.KubeSpawner.image = image',
      'c.Other.image = "quay.io/acme/user:1.0"',
      '',
    ].join('\n');
    expect(embeddedCandidates(py, 'jupyterhub_config.py', ['data', 'jupyterhub_config.py']).map((c) => c.raw)).not.toContain('image');
    expect(embeddedCandidates(py, 'jupyterhub_config.py', ['data', 'jupyterhub_config.py']).map((c) => c.raw)).toContain('quay.io/acme/user:1.0');
    // an env or properties file's values are unquoted: read as before
    expect(embeddedCandidates('IMAGE=quay.io/acme/a:1\nSIDECAR=busybox\n', 'app.env', ['data', 'app.env']).map((c) => c.raw)).toEqual([
      'quay.io/acme/a:1',
      'busybox',
    ]);
  });
});
