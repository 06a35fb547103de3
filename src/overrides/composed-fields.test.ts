import { describe, expect, it } from 'vitest';
import type { ComposedField } from '../discover/image-site.js';
import { planComposedFields, type ComposedSite } from './composed-fields.js';

const T = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';
const LEVELS = [{ base64: false, at: [] }];

const field = (at: string, part: ComposedField['part'], value: string): ComposedField => ({ at: at.split('.'), part, value });

/** piraeus's shape: `base` over components.NAME.{image, tag}. */
function component(name: string, image: string, tag: string, to?: string, base = 'quay.io/acme'): ComposedSite {
  return {
    container: 'data["images.yaml"]',
    composition: {
      levels: LEVELS,
      fields: [field('base', 'prefix', base), field(`components.${name}.image`, 'name', image), field(`components.${name}.tag`, 'tag', tag)],
    },
    ref: `${base}/${image}:${tag}`,
    ...(to ? { to } : {}),
  };
}

function block(registry: string, repository: string, tag: string, to: string, digest?: string): ComposedSite {
  return {
    container: 'data["values.yaml"]',
    composition: {
      levels: [{ base64: true, at: [] }],
      fields: [
        field('image.registry', 'name', registry),
        field('image.repository', 'name', repository),
        field('image.tag', 'tag', tag),
        ...(digest ? [field('image.digest', 'digest', digest)] : []),
      ],
    },
    ref: `${registry}/${repository}:${tag}`,
    to,
  };
}

const setsOf = (sites: ComposedSite[]) => {
  const p = planComposedFields(sites);
  return {
    sets: Object.fromEntries([...p.sets].map(([k, v]) => [k, v.flatMap((c) => c.sets.map((s) => [s.at.join('.'), s.value]))])),
    refused: [...p.refused],
  };
};

describe('the fields set so that the consumer joins the target', () => {
  it('a base shared by images that all go under one new prefix: the base alone changes', () => {
    const sites = [component('a', 'server', 'v1', `${T}/quay.io/acme/server:v1`), component('b', 'csi', 'v2', `${T}/quay.io/acme/csi:v2`)];
    expect(setsOf(sites)).toEqual({ sets: { 'data["images.yaml"]': [['base', `${T}/quay.io/acme`]] }, refused: [] });
  });

  it('a base whose images go under different paths: it keeps what they share, each image field the rest', () => {
    const sites = [component('a', 'server', 'v1', 'm.local:5000/x/server:v1'), component('b', 'csi', 'v2', 'm.local:5000/y/z/csi:v2')];
    expect(setsOf(sites).sets).toEqual({
      'data["images.yaml"]': [
        ['base', 'm.local:5000'],
        ['components.a.image', 'x/server'],
        ['components.b.image', 'y/z/csi'],
      ],
    });
  });

  it('refuses every image of a base that also composes an image that stays, saying so', () => {
    const sites = [component('a', 'server', 'v1', `${T}/quay.io/acme/server:v1`), component('b', 'csi', 'v2')];
    expect(setsOf(sites)).toEqual({
      sets: {},
      refused: [[0, 'its base quay.io/acme also composes quay.io/acme/csi:v2, which stays: rewriting the base would move it too']],
    });
  });

  it('refuses a base whose images go to registries with nothing in common', () => {
    const { refused } = setsOf([component('a', 'server', 'v1', 'one.example/server:v1'), component('b', 'csi', 'v2', 'two.example/csi:v2')]);
    expect(refused.map(([i]) => i)).toEqual([0, 1]);
    expect(refused[0]![1]).toContain('no common registry for one base');
  });

  it('a {registry, repository, tag} block: the registry takes the target path when the repository stays, else the host with the repository the rest', () => {
    expect(setsOf([block('ghcr.io', 'acme/agent', 'v2', `${T}/ghcr.io/acme/agent:v2`)]).sets).toEqual({
      'data["values.yaml"]': [['image.registry', `${T}/ghcr.io`]],
    });
    expect(setsOf([block('ghcr.io', 'acme/agent', 'v2', 'm.local:5000/agents/agent:v2')]).sets).toEqual({
      'data["values.yaml"]': [
        ['image.registry', 'm.local:5000'],
        ['image.repository', 'agents/agent'],
      ],
    });
  });

  it('refuses a target with another tag, or a digest to pin where no field holds one', () => {
    expect(setsOf([block('ghcr.io', 'acme/agent', 'v2', `${T}/ghcr.io/acme/agent:v3`)]).refused).toEqual([
      [0, 'its fields join the tag :v2, the target has :v3'],
    ]);
    const pinned = `${T}/ghcr.io/acme/agent:v2@sha256:${'a'.repeat(64)}`;
    expect(setsOf([block('ghcr.io', 'acme/agent', 'v2', pinned)]).refused[0]![1]).toContain('no digest field to pin sha256:');
    expect(setsOf([block('ghcr.io', 'acme/agent', 'v2', pinned, `sha256:${'a'.repeat(64)}`)]).sets).toEqual({
      'data["values.yaml"]': [['image.registry', `${T}/ghcr.io`]],
    });
  });
});
