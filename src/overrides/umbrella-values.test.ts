import { describe, expect, it } from 'vitest';
import { umbrellaValues } from './umbrella-values.js';

const demo = { release: 'demo', chart: 'demo', values: { image: { registry: 'r.local', repository: 'm/x/app' } } };
const shapes = { release: 'shapes', chart: 'shapes', values: { global: { imageRegistry: 'r.local' }, main: { image: { repository: 'm/y' } } } };

describe('umbrella values', () => {
  it('without the umbrella: one key per chart name; globals move to the top-level global', () => {
    const u = umbrellaValues([demo, shapes]);
    expect(u.values).toEqual({ global: { imageRegistry: 'r.local' }, demo: demo.values, shapes: { main: { image: { repository: 'm/y' } } } });
    expect(u.notes).toEqual([]);
  });

  it('with the umbrella: one key per dependency, the alias when there is one; a chart used twice fills both aliases', () => {
    const u = umbrellaValues([demo, shapes], [{ name: 'demo', alias: 'web' }, { name: 'demo' }, { name: 'redis' }]);
    expect(Object.keys(u.values)).toEqual(['web', 'demo']);
    expect(u.values.web).toEqual(demo.values);
    expect(u.keys.map((k) => `${k.key}=${k.release}`)).toEqual(['web=demo', 'demo=demo']);
    expect(u.notes).toEqual([
      'chart shapes (release shapes) is no dependency of the umbrella: not written',
      'dependency redis (chart redis) is not among the charts: not written',
    ]);
  });

  it('two releases of one chart: each alias takes the release of its name; none matching is a usage error', () => {
    const a = { ...demo, release: 'a', values: { image: { repository: 'A' } } };
    const b = { ...demo, release: 'b', values: { image: { repository: 'B' } } };
    expect(
      umbrellaValues(
        [a, b],
        [
          { name: 'demo', alias: 'b' },
          { name: 'demo', alias: 'a' },
        ],
      ).values,
    ).toEqual({ b: b.values, a: a.values });
    expect(() => umbrellaValues([a, b], [{ name: 'demo', alias: 'c' }])).toThrow(/dependency c: chart demo is given as releases a, b/);
    expect(() => umbrellaValues([a, b])).toThrow(/chart demo is given twice/);
  });

  it('a global two charts want differently stays under the chart that set it second, with a note', () => {
    const other = { release: 'o', chart: 'o', values: { global: { imageRegistry: 'elsewhere', security: { allowInsecureImages: true } } } };
    const u = umbrellaValues([shapes, other]);
    expect(u.values).toEqual({
      global: { imageRegistry: 'r.local', security: { allowInsecureImages: true } },
      shapes: { main: { image: { repository: 'm/y' } } },
      o: { global: { imageRegistry: 'elsewhere' } },
    });
    expect(u.notes[0]).toMatch(/^o\.global\.imageRegistry="elsewhere" differs from global\.imageRegistry="r\.local"/);
  });
});
