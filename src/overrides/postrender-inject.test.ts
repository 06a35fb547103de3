// The post-renderer sets an operator's own override setting (discover/operators/index.ts) to the
// target, in the container's text, where the operator pulls a built-in default no manifest names.
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { postrenderManifests } from './postrender.js';
import { insertFields } from './postrender-inject.js';

const TARGET = { registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', prefix: 'mirror' };
const T = `${TARGET.registry}/${TARGET.prefix}`;

const deployment = (container: string) => `---
# Source: op/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: op # the operator
spec:
  template:
    spec:
      containers:
${container}`;

type Container = { env?: { name: string; value: string }[]; args?: string[]; image: string };
const containerOf = (out: string): Container => (parse(out) as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers[0]!;

describe('postrender and built-in defaults', () => {
  it("adds the operator's env var, pointed at the target, after its env list; the rest stays as written", () => {
    const input = deployment(`      - name: manager
        image: ghcr.io/cloudnative-pg/cloudnative-pg:1.30.0
        env:
          - name: OPERATOR_NAMESPACE # where it runs
            value: default
        ports: [{containerPort: 9443}]
`);
    const r = postrenderManifests(input, { target: TARGET });
    const c = containerOf(r.output);
    expect(c.image).toBe(`${T}/ghcr.io/cloudnative-pg/cloudnative-pg:1.30.0`);
    expect(c.env).toEqual([
      { name: 'OPERATOR_NAMESPACE', value: 'default' },
      { name: 'POSTGRES_IMAGE_NAME', value: `${T}/ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie` },
      { name: 'PGBOUNCER_IMAGE_NAME', value: `${T}/ghcr.io/cloudnative-pg/pgbouncer:1.25.1` },
    ]);
    expect(r.output).toContain('# where it runs');
    expect(r.output).toContain('metadata:\n  name: op # the operator');
    expect(r.accounting.moved.map((m) => m.source)).toEqual(
      expect.arrayContaining(['ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie', 'ghcr.io/cloudnative-pg/pgbouncer:1.25.1']),
    );
  });

  it('creates the env list when the container has none, and sets a repository where the operator takes one', () => {
    const r = postrenderManifests(
      deployment(`      - name: manager\n        image: victoriametrics/operator:v0.74.1\n        args:\n          - --leader-elect\n`),
      { target: TARGET },
    );
    const env = containerOf(r.output).env ?? [];
    expect(env).toContainEqual({ name: 'VM_VMAGENTDEFAULT_IMAGE', value: `${T}/docker.io/victoriametrics/vmagent` });
    expect(env).toContainEqual({ name: 'VM_CONFIG_RELOADER_IMAGE', value: `${T}/docker.io/victoriametrics/operator:config-reloader-v0.74.1` });
  });

  it("appends a flag to the container's args", () => {
    const r = postrenderManifests(
      deployment(
        `      - name: manager\n        image: ghcr.io/cybozu-go/moco:0.36.0\n        args:\n        - --agent-image\n        - ghcr.io/cybozu-go/moco-agent:0.16.0\n`,
      ),
      { target: TARGET },
    );
    expect(containerOf(r.output).args).toEqual([
      '--agent-image',
      `${T}/ghcr.io/cybozu-go/moco-agent:0.16.0`,
      `--backup-image=${T}/ghcr.io/cybozu-go/moco-backup:0.36.0`,
    ]);
  });

  it('a flag where the container has no args list is left, with a warning (an args list may change what runs)', () => {
    const r = postrenderManifests(deployment(`      - name: manager\n        image: ghcr.io/cybozu-go/moco:0.36.0\n`), { target: TARGET });
    expect(containerOf(r.output).args).toBeUndefined();
    expect(r.warnings.join('\n')).toContain('ghcr.io/cybozu-go/moco-backup:0.36.0 (built-in default of MOCO) left as it is');
  });
});

describe('a setting the operator honours only when pinned by digest', () => {
  it('is not added without a digest to pin (the operator would ignore it); a warning names --pin-digests', () => {
    const r = postrenderManifests(
      deployment(
        `      - name: manager\n        image: ghcr.io/grafana/grafana-operator:v5.24.0\n        env:\n        - name: WATCH_NAMESPACE\n          value: ""\n`,
      ),
      { target: TARGET },
    );
    expect(containerOf(r.output).env).toEqual([{ name: 'WATCH_NAMESPACE', value: '' }]);
    expect(r.warnings.join('\n')).toContain(
      'docker.io/grafana/grafana:13.0.1 (built-in default of Grafana Operator) left as it is (its setting takes a reference pinned by digest',
    );
  });
});

describe('a default the operator composes from a resource', () => {
  it("adds nothing to the resource (the setting is the operator container's)", () => {
    const cr = `---\n# Source: db/templates/cluster.yaml\napiVersion: mysql.oracle.com/v2\nkind: InnoDBCluster\nmetadata:\n  name: db\nspec:\n  instances: 3\n  version: 9.1.0\n`;
    const r = postrenderManifests(cr, { target: TARGET });
    expect(r.output).toBe(cr);
    expect(r.changes).toEqual([]);
  });
});

describe('insertFields (a string field a resource leaves out)', () => {
  const fieldsOf = (text: string, fields: { at: (string | number)[]; value: string; item?: string }[]) => {
    const doc = parseDocument(text, { schema: 'failsafe' });
    const { insertions, refused } = insertFields(text, doc, fields);
    const spliced = insertions.reduceRight((t, i) => t.slice(0, i.splice.start) + i.splice.text + t.slice(i.splice.end), text);
    return { out: spliced, refused: [...refused.values()] };
  };

  it('writes the missing maps once under the deepest block map there, after its last entry', () => {
    const text = 'kind: Broker\nspec:\n  image: a/b:1 # kept\n  template:\n    replicas: 1\n';
    const r = fieldsOf(text, [
      { at: ['spec', 'template', 'spec', 'reloaderImage'], value: 'r/x:1' },
      { at: ['spec', 'template', 'spec', 'agentImage'], value: 'r/y:2' },
      { at: ['spec', 'imageOverrides', 'nettest'], value: 'r/z:3' },
    ]);
    expect(r.refused).toEqual([]);
    expect(r.out).toBe(
      'kind: Broker\nspec:\n  image: a/b:1 # kept\n  template:\n    replicas: 1\n    spec:\n      reloaderImage: "r/x:1"\n      agentImage: "r/y:2"\n  imageOverrides:\n    nettest: "r/z:3"\n',
    );
  });

  it("into a list's item (a v1 List's resource); refused through a flow map, a missing list or a scalar", () => {
    expect(fieldsOf('items:\n- kind: Broker\n  spec:\n    a: 1\n', [{ at: ['items', 0, 'spec', 'image'], value: 'r/x:1' }]).out).toBe(
      'items:\n- kind: Broker\n  spec:\n    a: 1\n    image: "r/x:1"\n',
    );
    expect(fieldsOf('spec: {a: 1}\n', [{ at: ['spec', 'image'], value: 'r/x:1' }]).refused).toEqual(['spec is written in flow style']);
    expect(fieldsOf('spec:\n  a: 1\n', [{ at: ['spec', 'list', 0, 'image'], value: 'r/x:1' }]).refused).toEqual([
      'a list on the way to spec.list.0.image is not there',
    ]);
    expect(fieldsOf('spec: ""\n', [{ at: ['spec', 'image'], value: 'r/x:1' }]).refused).toEqual(['spec is not a map']);
    expect(fieldsOf('spec: ~\n', [{ at: ['spec', 'image'], value: 'r/x:1' }]).refused).toEqual(['spec is not a map']);
  });

  it('under a key written empty (a template whose every `if` under it was off): the lines right after its colon', () => {
    // graylog's MongoDBCommunity: statefulSet.spec.template.spec with nothing in it, volumeClaimTemplates after
    const text = 'kind: MongoDBCommunity\nspec:\n  statefulSet:\n    spec:\n      template:\n        spec:\n      volumeClaimTemplates:\n      - a: 1\n';
    const r = fieldsOf(text, [{ at: ['spec', 'statefulSet', 'spec', 'template', 'spec', 'containers', 0, 'image'], value: 'r/m:7-ubi8', item: 'mongod' }]);
    expect(r.refused).toEqual([]);
    expect(r.out).toBe(
      'kind: MongoDBCommunity\nspec:\n  statefulSet:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: "mongod"\n            image: "r/m:7-ubi8"\n      volumeClaimTemplates:\n      - a: 1\n',
    );
    expect(fieldsOf('spec:\n  a:\n', [{ at: ['spec', 'a', 'image'], value: 'r/x:1' }]).out).toBe('spec:\n  a:\n    image: "r/x:1"\n');
    expect(fieldsOf('spec:\n  a: # none\n', [{ at: ['spec', 'a', 'image'], value: 'r/x:1' }]).refused).toEqual(['spec.a is not a map']);
  });
});
