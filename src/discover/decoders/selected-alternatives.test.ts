import { describe, expect, it } from 'vitest';
import { selectedAlternatives, unselectedAt } from './selected-alternatives.js';

// OSM's MeshConfig sidecar settings (flomesh-io/osm-edge charts/osm/values.yaml)
const sidecar = {
  sidecarClass: 'pipy',
  sidecarImage: '',
  sidecarDrivers: [
    { sidecarName: 'pipy', sidecarImage: 'flomesh/pipy:0.90.0' },
    { sidecarName: 'envoy', sidecarImage: 'envoyproxy/envoy:v1.19.3', sidecarWindowsImage: 'envoyproxy/envoy-windows:v1.19.3' },
  ],
};

describe('selectedAlternatives', () => {
  it('picks the list entry whose name the class holds, compared as OSM compares it (EqualFold)', () => {
    expect(selectedAlternatives(sidecar)).toEqual({ key: 'sidecarDrivers', unselected: new Set([1]), selector: 'sidecarClass: pipy' });
    expect(selectedAlternatives({ ...sidecar, sidecarClass: 'Envoy' })?.unselected).toEqual(new Set([0]));
  });

  it('reads a map keyed by name, and OS-keyed variants beside the OS', () => {
    const drivers = { driver: 'crio', drivers: { containerd: { image: 'a:1' }, crio: { image: 'b:1' } } };
    expect(selectedAlternatives(drivers)?.unselected).toEqual(new Set(['containerd']));
    const os = { nodeOS: 'linux', images: { linux: 'x:1', windows: 'x:1-windows' } };
    expect(selectedAlternatives(os)?.unselected).toEqual(new Set(['windows']));
  });

  it('picks nothing without a field naming exactly one entry, nor among containers', () => {
    expect(selectedAlternatives({ sidecarDrivers: sidecar.sidecarDrivers })).toBeUndefined();
    expect(selectedAlternatives({ ...sidecar, sidecarClass: 'linkerd' })).toBeUndefined();
    // a word of its own, not the list's: a log level beside a list of levels' images says nothing
    expect(selectedAlternatives({ mode: 'pipy', sidecarDrivers: sidecar.sidecarDrivers })).toBeUndefined();
    // a default: another resource may ask for another driver
    expect(selectedAlternatives({ defaultDriver: 'crio', drivers: { containerd: { image: 'a:1' }, crio: { image: 'b:1' } } })).toBeUndefined();
    const pod = {
      defaultContainer: 'main',
      containers: [
        { name: 'main', image: 'a:1' },
        { name: 'sidecar', image: 'b:1' },
      ],
    };
    expect(selectedAlternatives(pod)).toBeUndefined();
  });
});

describe('unselectedAt', () => {
  it('names the selector above a path inside an unselected entry, at any depth', () => {
    const values = { osm: sidecar };
    expect(unselectedAt(values, ['osm', 'sidecarDrivers', 1, 'sidecarWindowsImage'])).toBe('sidecarClass: pipy');
    expect(unselectedAt(values, ['osm', 'sidecarDrivers', 0, 'sidecarImage'])).toBeUndefined();
    expect(unselectedAt(values, ['osm', 'sidecarImage'])).toBeUndefined();
  });
});
