import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseHelmRepositories, parseHelmRepositoryEntries, sameRepositoryUrl } from './helm-repositories.js';

// as `helm repo add` (Helm 4) writes it
const FILE = `apiVersion: ""
generated: "2024-01-01T00:00:00Z"
repositories:
- caFile: /etc/corp-ca.pem
  certFile: /etc/client.pem
  insecure_skip_tls_verify: false
  keyFile: /etc/client.key
  name: corp
  pass_credentials_all: true
  password: p4ss
  url: https://charts.corp.example/stable
  username: robot
- caFile: ""
  certFile: ""
  insecure_skip_tls_verify: true
  keyFile: ""
  name: lab
  pass_credentials_all: false
  password: ""
  url: https://lab.example
  username: ""
- name: broken
`;

describe('parseHelmRepositories (helm repo add)', () => {
  it('maps names to URLs', () => {
    expect(parseHelmRepositories(FILE, 'repositories.yaml')).toEqual({ corp: 'https://charts.corp.example/stable', lab: 'https://lab.example' });
  });
  it('reads what helm repo add stored for each: login, CA, client certificate, TLS verification, pass_credentials_all', () => {
    const [corp, lab, ...rest] = parseHelmRepositoryEntries(FILE, 'repositories.yaml');
    expect(rest).toEqual([]);
    expect(corp).toMatchObject({
      name: 'corp',
      username: 'robot',
      caFile: '/etc/corp-ca.pem',
      certFile: '/etc/client.pem',
      keyFile: '/etc/client.key',
      insecureSkipTlsVerify: false,
      passCredentialsAll: true,
    });
    expect(corp!.password!.reveal()).toBe('p4ss');
    // empty strings are Helm's "not set"
    expect(lab).toEqual({ name: 'lab', url: 'https://lab.example', insecureSkipTlsVerify: true, passCredentialsAll: false });
  });
  it('the password never prints', () => {
    const entries = parseHelmRepositoryEntries(FILE, 'repositories.yaml');
    expect(JSON.stringify(entries) + inspect(entries, { depth: 5 }) + String(entries[0]!.password)).not.toContain('p4ss');
  });
  it.each([
    ['', {}],
    ['repositories: null\n', {}],
  ])('an empty file has no repositories (%#)', (text, want) => {
    expect(parseHelmRepositories(text, 'r.yaml')).toEqual(want);
  });
  it('names the file on bad YAML', () => {
    expect(() => parseHelmRepositories('repositories: [\n', 'r.yaml')).toThrow(/r\.yaml: invalid YAML/);
  });
  it('compares URLs as Helm does, without the trailing slash', () => {
    expect(sameRepositoryUrl('https://a.example/charts/', 'https://a.example/charts')).toBe(true);
    expect(sameRepositoryUrl('https://a.example/charts', 'https://a.example/other')).toBe(false);
  });
});
