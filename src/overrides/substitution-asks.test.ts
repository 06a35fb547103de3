import { describe, expect, it } from 'vitest';
import { asksOf, withAsks } from './substitution-asks.js';

describe('values a chart asks for before it accepts substituted images', () => {
  it('Bitnami: global.security.allowInsecureImages is asked for only where the chart has the key', () => {
    expect(asksOf({ global: { security: { allowInsecureImages: false } } }).map((a) => a.path)).toEqual(['global.security.allowInsecureImages']);
    expect(asksOf({ global: { security: {} } })).toEqual([]);
    expect(asksOf({ image: { repository: 'x' } })).toEqual([]);
    // a subchart's own default (the top chart has no such key): a top-level global reaches it
    expect(asksOf({ grafana: { global: { security: { allowInsecureImages: false } } } }).map((a) => a.path)).toEqual(['global.security.allowInsecureImages']);
    // a subchart's subchart (lgtm-distributed > tempo > minio, a Bitnami chart)
    expect(asksOf({ tempo: { minio: { global: { security: { allowInsecureImages: false } } } } }).map((a) => a.path)).toEqual([
      'global.security.allowInsecureImages',
    ]);
  });

  it('sets the asked values next to the image overrides, creating tables on the way', () => {
    const asks = asksOf({ global: { security: { allowInsecureImages: false } } });
    expect(withAsks({ image: { registry: 'r.example/m' } }, asks)).toEqual({
      image: { registry: 'r.example/m' },
      global: { security: { allowInsecureImages: true } },
    });
    expect(withAsks({ global: { imageRegistry: 'r.example' } }, asks)).toEqual({
      global: { imageRegistry: 'r.example', security: { allowInsecureImages: true } },
    });
  });
});
