import { describe, expect, it } from 'vitest';
import { templateFor, type CreationTemplate } from './creation-templates.js';

const push = (prefix: string): CreationTemplate => ({ prefix, appliedFor: ['CREATE_ON_PUSH'] });

describe('templateFor (which create-on-push template makes a repository)', () => {
  const templates = [push('prod'), push('prod/team'), push('ROOT'), { prefix: 'cache', appliedFor: ['PULL_THROUGH_CACHE'] }];
  it.each([
    ['prod/app', 'prod'],
    ['prod/team/app', 'prod/team'],
    ['prod', 'ROOT'], // a prefix covers what is below it, not itself
    ['production/app', 'ROOT'], // "prod" means "prod/", not any name starting with prod
    ['cache/app', 'ROOT'], // a template for another purpose covers nothing a push creates
  ])('%s → %s', (name, prefix) => {
    expect(templateFor(name, templates)?.prefix).toBe(prefix);
  });
  it('no ROOT and no covering prefix: none (CreateRepository with the flags)', () => {
    expect(templateFor('other/app', [push('prod'), { prefix: 'other', appliedFor: ['REPLICATION'] }])).toBeUndefined();
  });
});
