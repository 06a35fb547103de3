// A truth file goes beside the chart it was read for only (scripts/corpus/truth-owner.mjs): breadth
// batches drew charts of a truth's name from other repositories (mysql's mysql-operator beside
// bitpoke's) and from other folders of the same one (strimzi's old helm-charts/helm3 chart 0.1.1),
// and the run-time check then failed them on another operator version's images.
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs module of the corpus build, without types
import { truthTakes } from '../../scripts/corpus/truth-owner.mjs';

const head = (chart: string) => `# source: github.com/o/op@v1\n${chart}busybox:1.36\tx.go:1\tenv X\n`;
const takes = truthTakes as (text: string, repo: string, path: string) => boolean;

describe('truthTakes', () => {
  it('a truth naming no chart goes beside any chart of its name', () => {
    expect(takes(head(''), 'acme+op', 'charts/op')).toBe(true);
  });
  it('one naming a repository, beside that repository’s chart only', () => {
    expect(takes(head('# chart: bitpoke+mysql-operator\n'), 'bitpoke+mysql-operator', 'deploy/charts/mysql-operator')).toBe(true);
    expect(takes(head('# chart: bitpoke+mysql-operator\n'), 'mysql+mysql-operator', 'helm/mysql-operator')).toBe(false);
  });
  it('one naming a folder too, beside the chart of that folder only', () => {
    const t = head('# chart: strimzi+strimzi-kafka-operator packaging/helm-charts/helm3/strimzi-kafka-operator\n');
    expect(takes(t, 'strimzi+strimzi-kafka-operator', 'packaging/helm-charts/helm3/strimzi-kafka-operator/')).toBe(true);
    expect(takes(t, 'strimzi+strimzi-kafka-operator', 'helm-charts/helm3/strimzi-kafka-operator')).toBe(false);
  });
});
