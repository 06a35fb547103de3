// What `values` says of an operator's built-in default it cannot move: the setting to set, or,
// where the only setting is a resource field holding the tag (Contrast's injector spec.version, the
// agent's version), that nothing there names a place to pull from: before, it told the user to set
// the version field to the target reference.
import { describe, expect, it } from 'vitest';
import { builtinRoutes } from './accounting.js';

describe('builtinRoutes', () => {
  const base = { operator: 'Acme Operator', read: 'github.com/acme/op@v1.0.0', at: 'pkg/a.go:1' };

  it('a field holding only the tag is not a place to set the target', () => {
    const said = builtinRoutes(
      { ...base, override: 'field spec.template.spec.version of the resource', overrideField: 'spec.template.spec.version' },
      'docker.io/acme/agent:latest',
      '10.0.0.1:5000/mirror/docker.io/acme/agent:latest',
    );
    expect(said).not.toContain('set field spec.template.spec.version of the resource to');
    expect(said).toContain('holds only the tag');
    expect(said).toContain('registry mirror');
  });

  it('a field holding the image is one: set it to the target', () => {
    const said = builtinRoutes(
      { ...base, override: 'field spec.image of the resource', overrideField: 'spec.image' },
      'docker.io/acme/agent:latest',
      '10.0.0.1:5000/mirror/docker.io/acme/agent:latest',
    );
    expect(said).toContain('set field spec.image of the resource to 10.0.0.1:5000/mirror/docker.io/acme/agent:latest');
  });
});
