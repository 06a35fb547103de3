import { describe, expect, it } from 'vitest';
import { isEcrHost, parseRegistryHost } from './hosts.js';

describe('parseRegistryHost', () => {
  it.each([
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com', 'us-east-1', 'aws', false, false],
    ['123456789012.dkr.ecr.eu-central-1.amazonaws.com', 'eu-central-1', 'aws', false, false],
    ['123456789012.dkr.ecr-fips.us-east-2.amazonaws.com', 'us-east-2', 'aws', true, false],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'cn-north-1', 'aws-cn', false, false],
    ['123456789012.dkr.ecr.us-gov-west-1.amazonaws.com', 'us-gov-west-1', 'aws-us-gov', false, false],
    ['123456789012.dkr.ecr-fips.us-gov-east-1.amazonaws.com', 'us-gov-east-1', 'aws-us-gov', true, false],
    ['123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov', 'us-iso-east-1', 'aws-iso', false, false],
    ['123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov', 'us-isob-east-1', 'aws-iso-b', false, false],
    ['123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk', 'eu-isoe-west-1', 'aws-iso-e', false, false],
    ['123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov', 'us-isof-south-1', 'aws-iso-f', false, false],
    ['123456789012.dkr-ecr.us-west-2.on.aws', 'us-west-2', 'aws', false, true],
    ['123456789012.dkr-ecr-fips.us-west-2.on.aws', 'us-west-2', 'aws', true, true],
    ['123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM', 'us-east-1', 'aws', false, false],
  ])('ecr private: %s → region %s, partition %s, fips %s, dual-stack %s (protocols §5.1 host table)', (host, region, partition, fips, dualStack) => {
    expect(parseRegistryHost(host)).toEqual({
      kind: 'ecr',
      host: host.toLowerCase(),
      account: '123456789012',
      region,
      partition,
      fips,
      dualStack,
    });
  });

  it('ecr public: public.ecr.aws is served from us-east-1 (protocols §6.1)', () => {
    expect(parseRegistryHost('public.ecr.aws')).toEqual({ kind: 'ecr-public', host: 'public.ecr.aws', region: 'us-east-1', partition: 'aws' });
  });

  it.each([
    ['12345678901.dkr.ecr.us-east-1.amazonaws.com'], // 11-digit account
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com.evil.example'],
    ['123456789012.dkr.ecr.us-east-1.amazonaws.com:443'],
    ['quay.io'],
    ['127.0.0.1:5000'],
    ['registry.example.com'],
    ['ecr.aws'],
  ])('not ecr: %s is a plain OCI registry (only exact ECR shapes are trusted)', (host) => {
    expect(parseRegistryHost(host)).toEqual({ kind: 'oci', host });
    expect(isEcrHost(host)).toBe(false);
  });
});
