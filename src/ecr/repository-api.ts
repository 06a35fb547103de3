// The two SDK calls behind RepositoryProvisioner, for ECR and for ECR Public, with the
// repository settings each one supports (ECR Public has no tag mutability or encryption).
import { CreateRepositoryCommand, DescribeRepositoriesCommand, DescribeRepositoryCreationTemplatesCommand, type ECRClient } from '@aws-sdk/client-ecr';
import {
  CreateRepositoryCommand as CreatePublicRepositoryCommand,
  DescribeRepositoriesCommand as DescribePublicRepositoriesCommand,
  type ECRPUBLICClient,
} from '@aws-sdk/client-ecr-public';
import type { RepositoryApi } from './repositories.js';
import type { CreationTemplate } from './creation-templates.js';
import { boundedCall } from './api-bounds.js';
import { logTo, type Ctx } from '../util/ctx.js';
import { checkEcrSettings, type EcrRepositorySettings } from './repository-settings.js';

export {
  checkEcrSettings,
  ENCRYPTION_TYPES,
  TAG_MUTABILITY,
  type EcrRepositorySettings,
  type EncryptionType,
  type TagMutability,
} from './repository-settings.js';

function toTagList(tags: Record<string, string> | undefined): { Key: string; Value: string }[] | undefined {
  const list = Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  return list.length ? list : undefined;
}

export function ecrRepositoryApi(client: ECRClient, s: EcrRepositorySettings = {}): RepositoryApi {
  checkEcrSettings(s);
  return {
    kind: 'ecr',
    describe: async (names, c) => {
      await boundedCall(client, 'ecr DescribeRepositories', c, (o) =>
        client.send(new DescribeRepositoriesCommand({ repositoryNames: names, registryId: s.registryId }), o),
      );
    },
    create: async (name, c) => {
      const input = {
        repositoryName: name,
        registryId: s.registryId,
        tags: toTagList(s.tags),
        imageTagMutability: s.tagMutability,
        imageScanningConfiguration: s.scanOnPush === undefined ? undefined : { scanOnPush: s.scanOnPush },
        encryptionConfiguration: s.encryption ? { encryptionType: s.encryption, kmsKey: s.kmsKey } : undefined,
      };
      await boundedCall(client, `ecr CreateRepository ${name}`, c, (o) => client.send(new CreateRepositoryCommand(input), o));
    },
    list: (maxPages, c) =>
      listPages(maxPages, c, 'ecr', async (nextToken) => {
        const page = await boundedCall(client, 'ecr DescribeRepositories', c, (o) =>
          client.send(new DescribeRepositoriesCommand({ registryId: s.registryId, maxResults: 1000, nextToken }), o),
        );
        return { names: (page.repositories ?? []).flatMap((r) => (r.repositoryName ? [r.repositoryName] : [])), nextToken: page.nextToken };
      }),
    // the API reads the caller's own registry only (it takes no registry ID): another account's
    // templates cannot be known from here, so a push there leaves nothing to them
    templates: async (c) => {
      const all: CreationTemplate[] = [];
      let nextToken: string | undefined;
      do {
        const page = await boundedCall(client, 'ecr DescribeRepositoryCreationTemplates', c, (o) =>
          client.send(new DescribeRepositoryCreationTemplatesCommand({ nextToken, maxResults: 1000 }), o),
        );
        if (s.registryId && page.registryId && page.registryId !== s.registryId) {
          logTo(
            c,
            'info',
            `registry ${s.registryId} is not the caller's (${page.registryId}): its creation templates are not readable, missing repositories are created`,
          );
          return [];
        }
        for (const t of page.repositoryCreationTemplates ?? []) if (t.prefix) all.push({ prefix: t.prefix, appliedFor: t.appliedFor ?? [] });
        nextToken = page.nextToken;
      } while (nextToken);
      return all;
    },
  };
}

export interface EcrPublicRepositorySettings {
  tags?: Record<string, string>;
  /** Gallery text shown for each new repository. */
  description?: string;
}

export function ecrPublicRepositoryApi(client: ECRPUBLICClient, s: EcrPublicRepositorySettings = {}): RepositoryApi {
  return {
    kind: 'ecr-public',
    describe: async (names, c) => {
      await boundedCall(client, 'ecr-public DescribeRepositories', c, (o) => client.send(new DescribePublicRepositoriesCommand({ repositoryNames: names }), o));
    },
    list: (maxPages, c) =>
      listPages(maxPages, c, 'ecr-public', async (nextToken) => {
        const page = await boundedCall(client, 'ecr-public DescribeRepositories', c, (o) =>
          client.send(new DescribePublicRepositoriesCommand({ maxResults: 1000, nextToken }), o),
        );
        return { names: (page.repositories ?? []).flatMap((r) => (r.repositoryName ? [r.repositoryName] : [])), nextToken: page.nextToken };
      }),
    create: async (name, c) => {
      const catalogData = s.description ? { description: s.description } : undefined;
      const input = { repositoryName: name, tags: toTagList(s.tags), catalogData };
      await boundedCall(client, `ecr-public CreateRepository ${name}`, c, (o) => client.send(new CreatePublicRepositoryCommand(input), o));
    },
  };
}

/** Pages of a repository listing until the last or `maxPages`, with a progress line per page after the first. */
async function listPages(
  maxPages: number,
  c: Ctx | undefined,
  kind: string,
  page: (nextToken: string | undefined) => Promise<{ names: string[]; nextToken?: string }>,
): Promise<{ names: string[]; complete: boolean }> {
  const names: string[] = [];
  let nextToken: string | undefined;
  for (let n = 1; n <= maxPages; n++) {
    const got = await page(nextToken);
    names.push(...got.names);
    nextToken = got.nextToken;
    if (!nextToken) return { names, complete: true };
    logTo(c, 'info', `listing: ${names.length} repositories of the ${kind} registry so far (page ${n})`);
  }
  return { names, complete: false };
}
