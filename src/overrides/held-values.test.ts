import { describe, expect, it } from 'vitest';
import { heldInValues } from './held-values.js';

const REF = 'quay.io/acme/agent:3.0';
const TO = 'r.io/m/quay.io/acme/agent:3.0';

describe('heldInValues: keys that hold an image inside a longer string', () => {
  it('a whole flag, a list entry, a space-separated command: each with the target put in', () => {
    const values = { agentFlag: `--agent-image=${REF}`, extraArgs: ['--v=2', `--sidecar ${REF},other`], cmd: `run '${REF}'` };
    expect(heldInValues(values, REF, TO).map((h) => [h.path, h.set])).toEqual([
      ['agentFlag', `--agent-image=${TO}`],
      ['extraArgs[1]', `--sidecar ${TO},other`],
      ['cmd', `run '${TO}'`],
    ]);
  });

  it.each([
    ['the reference alone (an image value, not a longer string)', REF],
    ['a longer tag', `--agent-image=${REF}-rc1`],
    ['a longer host', `--agent-image=my${REF}`],
    ['a path under it', `--agent-image=${REF}/x`],
  ])('none: %s', (_, value) => {
    expect(heldInValues({ v: value }, REF, TO)).toEqual([]);
  });
});
