// The real @aws-sdk/client-ecr and client-ecr-public against the ECR stand-in: logins, repository
// provisioning in batches with settings, and survival of throttling and 500s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEcrClient, createEcrPublicClient, EcrCredentialProvider, ecrPublicTokenSource, ecrTokenSource } from '../../src/ecr/auth.js';
import { ApiRepositoryProvisioner } from '../../src/ecr/repositories.js';
import { ecrPublicRepositoryApi, ecrRepositoryApi } from '../../src/ecr/repository-api.js';
import { EcrError } from '../../src/util/errors.js';
import { startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';

describe('ECR API through the real SDK', () => {
  let ecr: EcrStandin;
  beforeAll(async () => {
    ecr = await startEcrStandin();
  });
  afterAll(async () => {
    await ecr?.stop();
  });
  const client = (over: { secretAccessKey?: string } = {}) =>
    createEcrClient({ region: ecr.region, endpoint: ecr.apiEndpoint, credentials: { ...ecr.credentials, ...over }, maxAttempts: 2 });

  it('GetAuthorizationToken gives a Basic login the registry front accepts (ECR: AWS:<password>, 12 h)', async () => {
    const p = new EcrCredentialProvider({ source: ecrTokenSource(client()), hosts: [ecr.registryHost] });
    const cred = await p.get(ecr.registryHost);
    expect(cred?.username).toBe('AWS');
    const auth = 'Basic ' + Buffer.from(`AWS:${cred!.password!.reveal()}`).toString('base64');
    expect((await fetch(`http://${ecr.registryHost}/v2/`, { headers: { authorization: auth } })).status).toBe(200);
    expect((await fetch(`http://${ecr.registryHost}/v2/`)).status).toBe(401);
  });

  it('a wrong AWS secret fails SigV4 at the API with a hint (stand-in recomputes the signature)', async () => {
    const p = new EcrCredentialProvider({ source: ecrTokenSource(client({ secretAccessKey: 'wrong' })), hosts: ['h'] });
    const err = await p.get('h').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EcrError);
    expect((err as EcrError).message).toMatch(/^ecr GetAuthorizationToken: InvalidSignatureException: The request signature/);
    expect((err as EcrError).hint).toMatch(/secret key/);
  });

  it('ensure() of more names than one batch lists the registry, creates only the missing ones with the settings, and is idempotent', async () => {
    const settings = {
      tagMutability: 'IMMUTABLE' as const,
      scanOnPush: true,
      encryption: 'KMS' as const,
      kmsKey: 'arn:aws:kms:us-east-1:123456789012:key/k',
      tags: { team: 'platform', env: 'prod' },
    };
    const names = Array.from({ length: 230 }, (_, i) => `batch/r${String(i).padStart(3, '0')}`);
    const prov = new ApiRepositoryProvisioner(ecrRepositoryApi(client(), settings));
    const first = await prov.ensure(names.slice(0, 20));
    expect(first.created).toHaveLength(20);
    ecr.state.resetLogs();
    const report = await prov.ensure(names);
    expect(report.created).toHaveLength(210);
    expect(report.existing).toHaveLength(20);
    const repo = ecr.state.repositories.get('batch/r229')!;
    expect(repo.imageTagMutability).toBe('IMMUTABLE');
    expect(repo.imageScanningConfiguration.scanOnPush).toBe(true);
    expect(repo.encryptionConfiguration).toEqual({ encryptionType: 'KMS', kmsKey: settings.kmsKey });
    expect(repo.tags).toEqual([
      { Key: 'team', Value: 'platform' },
      { Key: 'env', Value: 'prod' },
    ]);
    ecr.state.resetLogs();
    const again = await prov.ensure(names);
    expect(again.created).toEqual([]);
    // one page of the listing answers for 230 names (batches would take 3 calls, and one more per missing name)
    expect(ecr.state.apiCalls.map((c) => c.operation)).toEqual(['DescribeRepositories']);
  });

  it('a caller not allowed to list the registry asks by name, in batches of 100', async () => {
    const names = Array.from({ length: 230 }, (_, i) => `batch/r${String(i).padStart(3, '0')}`);
    const prov = new ApiRepositoryProvisioner(ecrRepositoryApi(client()));
    await prov.ensure(names);
    ecr.state.listDenied = true;
    try {
      ecr.state.resetLogs();
      expect(await prov.findMissing(names)).toEqual([]);
      expect(ecr.state.apiCalls.map((c) => [c.operation, c.error ?? 'ok'])).toEqual([
        ['DescribeRepositories', 'AccessDeniedException'],
        ['DescribeRepositories', 'ok'],
        ['DescribeRepositories', 'ok'],
        ['DescribeRepositories', 'ok'],
      ]);
    } finally {
      ecr.state.listDenied = false;
    }
  });

  it('RepositoryAlreadyExistsException from a racing creator is success (Indexed Job pods race)', async () => {
    const api = ecrRepositoryApi(client());
    // the racing pod creates the repository between our describe and our create
    const racing = {
      ...api,
      describe: async (n: string[]) => {
        await api.describe(n).catch(async (e) => {
          await api.create('race/a').catch(() => {});
          throw e;
        });
      },
    };
    const report = await new ApiRepositoryProvisioner(racing).ensure(['race/a']);
    expect(report).toEqual({ created: [], existing: ['race/a'] });
  });

  it('throttling and 500s beyond the SDK retries are survived by our backoff (ECR: ThrottlingException, ServerException)', async () => {
    ecr.state.apiFaults.push(
      { kind: 'throttle', operation: 'CreateRepository', times: 3 },
      { kind: 'server-error', operation: 'DescribeRepositories', times: 3 },
    );
    ecr.state.resetLogs();
    const prov = new ApiRepositoryProvisioner(ecrRepositoryApi(client()), { retryBaseMs: 5 });
    const report = await prov.ensure(['faults/x']);
    expect(report.created).toEqual(['faults/x']);
    const errs = ecr.state.apiCalls.filter((c) => c.error).map((c) => c.error);
    expect(errs.filter((e) => e === 'ThrottlingException')).toHaveLength(3);
    expect(errs.filter((e) => e === 'ServerException')).toHaveLength(3);
  });

  it('a name ECR refuses fails with InvalidParameterException and a hint', async () => {
    const prov = new ApiRepositoryProvisioner(ecrRepositoryApi(client()));
    const err = await prov.ensure(['Bad__Name']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EcrError);
    expect((err as Error).message).toMatch(/CreateRepository Bad__Name: InvalidParameterException/);
  });

  it('--kms-key with AES256 is refused before any call', () => {
    expect(() => ecrRepositoryApi(client(), { encryption: 'AES256', kmsKey: 'k' })).toThrow(/--kms-key needs --encryption KMS/);
  });
});

describe('ECR Public API through the real SDK', () => {
  let pub: EcrStandin;
  beforeAll(async () => {
    pub = await startEcrStandin({ mode: 'public' });
  });
  afterAll(async () => {
    await pub?.stop();
  });

  it('signs for ecr-public in us-east-1, logs in, and creates repositories without ECR-only settings', async () => {
    const client = createEcrPublicClient({ region: 'eu-west-1', endpoint: pub.apiEndpoint, credentials: pub.credentials });
    const p = new EcrCredentialProvider({ source: ecrPublicTokenSource(client), hosts: [pub.registryHost] });
    expect((await p.get(pub.registryHost))?.username).toBe('AWS');
    const prov = new ApiRepositoryProvisioner(ecrPublicRepositoryApi(client, { tags: { a: 'b' }, description: 'mirrored by helm-airgap' }));
    expect(await prov.ensure(['m/x', 'm/y'])).toEqual({ created: ['m/x', 'm/y'], existing: [] });
    expect(await prov.findMissing(['m/x', 'm/z'])).toEqual(['m/z']);
    expect(pub.state.repositories.get('m/x')!.catalogData).toEqual({ description: 'mirrored by helm-airgap' });
  });
});
