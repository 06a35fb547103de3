// ensure() against a RepositoryApi that answers as ECR does (RepositoryNotFoundException naming
// the missing name, RepositoryAlreadyExistsException), with one CreateRepository refused.
import { describe, expect, it } from 'vitest';
import { ApiRepositoryProvisioner, type RepositoryApi } from './repositories.js';

function ecrLike(refuse: string, logs: string[]): RepositoryApi & { creates: string[]; aborted: string[] } {
  const creates: string[] = [];
  const aborted: string[] = [];
  return {
    kind: 'ecr',
    creates,
    aborted,
    describe: async (names) => {
      throw Object.assign(new Error(`The repository with name '${names[0]}' does not exist`), { name: 'RepositoryNotFoundException' });
    },
    create: async (name, c) => {
      creates.push(name);
      if (name === refuse) throw Object.assign(new Error('User is not authorized to perform: ecr:CreateRepository'), { name: 'AccessDeniedException' });
      // the others take a while: the failure arrives while they are in flight
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, 200);
        c?.signal?.addEventListener('abort', () => (clearTimeout(t), aborted.push(name), reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
      });
      logs.push(`created ${name}`);
    },
  };
}

describe('ApiRepositoryProvisioner.ensure', () => {
  it('stops at the first refused CreateRepository: calls in flight are cancelled, queued ones never start', async () => {
    const logs: string[] = [];
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const api = ecrLike('a', logs);
    const p = new ApiRepositoryProvisioner(api, { concurrency: 3, retries: 0 });
    await expect(p.ensure(names)).rejects.toThrow(/ecr CreateRepository a: AccessDeniedException/);
    // 'a' failed at once; the two beside it were cancelled, the five queued never called
    expect(api.creates.sort()).toEqual(['a', 'b', 'c']);
    expect(api.aborted.sort()).toEqual(['b', 'c']);
    expect(logs).toEqual([]);
  });
});
