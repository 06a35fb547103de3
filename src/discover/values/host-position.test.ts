import { describe, expect, it } from 'vitest';
import { atHostPosition } from './host-position.js';
import { hostShapedLeaves, imageValueLeaves } from './image-values.js';
import { markValues } from './value-markers.js';
import type { ImageSite } from '../image-site.js';

const VALUES = {
  imageRepositoryHost: 'registry.example.cn',
  a: { image: { repository: 'koord/a', tag: 'v1.8.0' } },
  mirrorSite: 'images.example.net',
  kubeVersion: '1.28.0',
  imageTag: 'v1.2.3',
  pullSecretHost: 'secret.example.com',
  port: 'localhost:5000',
};

describe('hostShapedLeaves (host-shaped values of keys that name no image part)', () => {
  it('takes hosts with a letter in the last label or a port, not version numbers, image leaves or secrets', () => {
    const leaves = imageValueLeaves(VALUES);
    expect(hostShapedLeaves(VALUES, leaves).map((l) => `${l.path}=${l.part}`)).toEqual([
      'imageRepositoryHost=registry',
      'mirrorSite=registry',
      'port=registry',
    ]);
  });
});

describe('atHostPosition', () => {
  const hosts = hostShapedLeaves(VALUES, []).slice(0, 2);
  const { leaves } = markValues(hosts, VALUES, {});
  const site = (raw: string) => ({ raw }) as ImageSite;

  it('keeps a value standing before the repository of every image it reaches, drops one seen elsewhere', () => {
    const marked = [site('registry.example.cn-zq0q/koord/a:v1'), site('images.example.net-zq1q/tools:2'), site('quay.io/images.example.net-zq1q/proxy:3')];
    expect([...atHostPosition(marked, leaves, new Set([0, 1]))]).toEqual([0]);
  });

  it('keeps nothing never seen in an image', () => {
    expect([...atHostPosition([site('quay.io/a:1')], leaves, new Set([0, 1]))]).toEqual([]);
  });
});
