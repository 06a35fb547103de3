import { describe, expect, it } from 'vitest';
import { parseBundleSpec } from './spec.js';
import { parseAge, policyEntryFor, policyFromFlags } from './signature-policy.js';

const spec = (body: string) => parseBundleSpec(`images: [a/b:1]\nsignatures:\n${body}`, 'airgap.yaml');

describe('signature policy', () => {
  it('reads keyless entries with minAge and a trusted root; the first matching glob governs', () => {
    const s = spec(
      [
        '  trustedRoot: trusted_root.json',
        '  policy:',
        '    - match: "ghcr.io/acme/**"',
        '      keyless: { issuer: https://token.actions.githubusercontent.com, subjectRegex: "^https://github.com/acme/" }',
        '      minAge: 36h',
        '      require: attested',
        '    - match: "**"',
        '      key: team.pub',
      ].join('\n'),
    );
    expect(s.signatures!.trustedRoot).toBe('trusted_root.json');
    expect(s.signatures!.entries[0]).toMatchObject({ require: 'attested', minAge: 129600, origin: 'airgap.yaml:5' });
    expect(policyEntryFor(s.signatures!.entries, 'ghcr.io/acme/app:1.0')?.keyless?.subjectRegex).toBe('^https://github.com/acme/');
    expect(policyEntryFor(s.signatures!.entries, 'docker.io/library/nginx:1')?.key).toBe('team.pub');
  });

  it.each([
    [
      '    - match: "**"\n      key: a.pub\n      keyless: { issuer: x, subject: y }',
      'airgap.yaml:4: a policy entry needs exactly one of key: FILE, keyless: {issuer, subject} or keyring: FILE',
    ],
    ['    - match: "**"\n      keyless: { subject: y }', 'keyless needs issuer or issuerRegex'],
    ['    - match: "**"\n      keyless: { issuer: x, subjectRegex: "(" }', 'keyless.subjectRegex: not a regular expression'],
    ['    - match: "**"\n      key: a.pub\n      minAge: soon', 'minAge must be a duration like 24h'],
    ['    - key: a.pub', 'a policy entry needs match:'],
    ['    - match: "**"\n      keys: a.pub', 'unknown key "keys" in a policy entry'],
  ])('refuses %j naming the line', (body, message) => {
    expect(() => spec(`  policy:\n${body}`)).toThrow(message);
  });

  it('flags: one entry for every image the spec does not name; keyless needs both halves, and without a trusted root file takes one from TUF', () => {
    const fromSpec = spec('  policy:\n    - match: "a/**"\n      require: none').signatures;
    expect(policyFromFlags({ verifyKey: '/k.pub' }, fromSpec)!.entries.map((e) => e.match)).toEqual(['a/**', '**']);
    expect(() => policyFromFlags({ certificateIdentity: 'me@example.com' }, undefined)).toThrow(
      'needs both --certificate-identity[-regexp] and --certificate-oidc-issuer',
    );
    const kl = { certificateIdentity: 'me@example.com', certificateOidcIssuer: 'https://issuer' };
    expect(policyFromFlags(kl, undefined)!.tuf).toEqual({});
    expect(policyFromFlags({ ...kl, trustedRoot: '/r.json' }, undefined)).not.toHaveProperty('tuf');
    expect(policyFromFlags({ ...kl, tufMirror: 'https://tuf.acme.example/', tufRoot: '/root.json' }, undefined)!.tuf).toEqual({
      mirror: 'https://tuf.acme.example',
      root: '/root.json',
    });
    expect(policyFromFlags({ verifyKey: '/k.pub' }, undefined)).not.toHaveProperty('tuf');
    expect(() => policyFromFlags({ ...kl, tufMirror: 'tuf.acme.example' }, undefined)).toThrow('--tuf-mirror tuf.acme.example: not an http(s) URL');
    const withTuf = spec(
      '  tufMirror: https://tuf.acme.example\n  tufRoot: root.json\n  policy:\n    - match: "**"\n      keyless: { issuer: x, subject: y }',
    ).signatures;
    expect(withTuf!.tuf).toEqual({ mirror: 'https://tuf.acme.example', root: 'root.json' });
    expect(policyFromFlags({ trustedRoot: '/r.json' }, withTuf)).toMatchObject({ trustedRoot: '/r.json' });
    expect(policyFromFlags({ trustedRoot: '/r.json' }, withTuf)).not.toHaveProperty('tuf');
    expect(() => spec('  trustedRoot: r.json\n  tufMirror: https://tuf.acme.example\n  policy: []')).toThrow('both say where the trusted root comes from');
    expect(() => policyFromFlags({ verifyKey: 'k.pub', certificateIdentity: 'x' }, undefined)).toThrow('two kinds of signer');
    expect(policyFromFlags({}, undefined)).toBeUndefined();
    expect(parseAge(90, 'x')).toBe(90);
    expect(parseAge('7d', 'x')).toBe(604800);
  });
});
