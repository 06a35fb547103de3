import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactText, Secret } from './secret.js';

describe('Secret (secrets are a type: they redact themselves)', () => {
  const s = new Secret('hunter2-password');
  it.each([
    ['String()', () => String(s)],
    ['template literal', () => `${s}`],
    ['JSON.stringify', () => JSON.stringify({ password: s })],
    ['util.inspect', () => inspect({ password: s })],
  ])('%s never shows the value', (_n, show) => {
    expect(show()).not.toContain('hunter2');
  });

  it('reveal() gives the value where it goes on the wire', () => {
    expect(s.reveal()).toBe('hunter2-password');
  });

  it('redactText removes revealed values from a text', () => {
    expect(redactText('login hunter2-password failed', [s])).toBe('login [redacted] failed');
  });
});
