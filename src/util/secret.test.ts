import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redactText, redactUserinfo, Secret } from './secret.js';

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

describe('redactUserinfo (the last net before output)', () => {
  it.each([
    ['https://bob:pw@charts.example/x', 'https://[redacted]@charts.example/x'],
    ['copy bob:pw@r.io:5000/a/b:1 failed', 'copy [redacted]@r.io:5000/a/b:1 failed'],
    ['"source": "bob@quay.io/a:1"', '"source": "[redacted]@quay.io/a:1"'],
    ['invalid reference "u:p@h/x"', 'invalid reference "[redacted]@h/x"'],
  ])('%s', (text, shown) => expect(redactUserinfo(text)).toBe(shown));

  it.each([['r.io/team/app@sha256:' + 'a'.repeat(64)], ['nginx:1.27@sha256:' + '0'.repeat(64)], ['mail me at ops@example.com']])('leaves %s alone', (text) =>
    expect(redactUserinfo(text)).toBe(text),
  );
});
