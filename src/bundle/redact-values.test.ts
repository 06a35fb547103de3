import { describe, expect, it } from 'vitest';
import { redactValues } from './redact-values.js';

describe('redactValues (credentials never written into bundles)', () => {
  it.each([
    [{ auth: { password: 'p' } }, { auth: { password: '[redacted]' } }],
    [{ db: { user: 'u', passwd: 'x' } }, { db: { user: 'u', passwd: '[redacted]' } }],
    [
      { apiToken: 'abc', replicas: 2n },
      { apiToken: '[redacted]', replicas: 2 },
    ],
    [{ tokens: ['a', 'b'] }, { tokens: ['[redacted]', '[redacted]'] }],
    [{ image: { tag: '1.0', registry: 'quay.io' } }, { image: { tag: '1.0', registry: 'quay.io' } }],
    [
      { privateKey: 'k', 'private-key': 'k' },
      { privateKey: '[redacted]', 'private-key': '[redacted]' },
    ],
  ])('redacts credential-named keys only (%#)', (input, want) => {
    expect(redactValues(input)).toEqual(want);
  });
});
