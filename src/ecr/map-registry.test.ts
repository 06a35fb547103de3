import { describe, expect, it } from 'vitest';
import { accessFor, mapRegistryOf } from './map-registry.js';

describe('how a map records its destination', () => {
  it('kind, endpoint and region of an ECR target; a login in the endpoint URL is never written', () => {
    expect(mapRegistryOf({ host: 'h.example', kind: 'ecr' }, { endpoint: 'https://key:secret@vpce.example/', region: 'eu-west-1' })).toEqual({
      host: 'h.example',
      kind: 'ecr',
      endpoint: 'https://vpce.example',
      region: 'eu-west-1',
    });
    expect(mapRegistryOf({ host: 'r.example:5000', kind: 'oci' }, { endpoint: 'https://x', region: 'r' })).toEqual({ host: 'r.example:5000', kind: 'oci' });
  });

  it("a reader's flags win over the map; what they leave out comes from it", () => {
    const rec = { host: 'h', kind: 'ecr' as const, endpoint: 'https://e', region: 'eu-west-1' };
    expect(accessFor(rec, {})).toEqual({ targetKind: 'ecr', aws: { endpoint: 'https://e', region: 'eu-west-1' } });
    expect(accessFor(rec, { targetKind: 'oci', aws: { endpoint: 'https://mine' } })).toEqual({
      targetKind: 'oci',
      aws: { endpoint: 'https://mine', region: 'eu-west-1' },
    });
    expect(accessFor(undefined, { targetKind: 'oci' })).toEqual({ targetKind: 'oci' });
  });
});
