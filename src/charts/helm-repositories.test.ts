import { describe, expect, it } from 'vitest';
import { parseHelmRepositories } from './helm-repositories.js';

describe('parseHelmRepositories (helm repo add)', () => {
  it('maps names to URLs and ignores credentials', () => {
    const text =
      'apiVersion: ""\ngenerated: "2024-01-01T00:00:00Z"\nrepositories:\n- name: bitnami\n  url: https://charts.bitnami.com/bitnami\n  username: u\n  password: p\n- name: broken\n';
    expect(parseHelmRepositories(text, 'repositories.yaml')).toEqual({ bitnami: 'https://charts.bitnami.com/bitnami' });
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
});
