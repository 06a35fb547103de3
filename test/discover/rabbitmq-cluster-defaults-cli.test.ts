// The RabbitMQ Cluster Operator runs each RabbitmqCluster at spec.image, else at the rabbitmq image
// compiled into its release (cmd/main.go), which DEFAULT_RABBITMQ_IMAGE replaces; its credential
// updater sidecar runs only with a Vault secret backend. A chart that renders clusters beside the
// operator pulls the default at run time; one that renders clusters alone is warned.
import { describe, expect, it } from 'vitest';
import { customResource, deployment, deploymentWithEnv, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const OPERATOR = 'docker.io/rabbitmqoperator/cluster-operator:2.16.1';
const DEFAULT = 'docker.io/library/rabbitmq:4.1.3-management';
const UPDATER = 'docker.io/rabbitmqoperator/default-user-credential-updater:1.0.2';

interface Report {
  images: { ref: string; need: string }[];
  warnings: { operator?: string; message: string }[];
}

async function report(chart: string): Promise<Report> {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const cluster = (spec: string) => customResource('RabbitmqCluster', spec).replace(/^apiVersion: .*$/m, 'apiVersion: rabbitmq.com/v1beta1');

describe('RabbitMQ Cluster Operator: the rabbitmq image of its release', () => {
  const plain = templateChart({ 'op.yaml': deployment('op', OPERATOR), 'mq.yaml': cluster('  replicas: 1\n') });
  const vault = templateChart({ 'op.yaml': deployment('op', OPERATOR), 'mq.yaml': cluster('  secretBackend:\n    vault:\n      role: rabbit\n') });
  const own = templateChart({ 'op.yaml': deployment('op', OPERATOR), 'mq.yaml': cluster('  image: rabbitmq:4.2.0-management\n') });
  const env = templateChart({
    'op.yaml': deploymentWithEnv(OPERATOR, { DEFAULT_RABBITMQ_IMAGE: 'registry.example/rabbitmq:4.1.3' }),
    'mq.yaml': cluster('  replicas: 1\n'),
  });
  const alone = templateChart({ 'mq.yaml': cluster('  replicas: 1\n') });

  it('pulls the default for a cluster without spec.image, and the updater only with a Vault backend', async () => {
    const p = await report(plain());
    expect(p.images.find((i) => i.ref === DEFAULT)?.need).toBe('runtime');
    expect(p.images.some((i) => i.ref === UPDATER)).toBe(false);
    const v = await report(vault());
    expect(v.images.find((i) => i.ref === UPDATER)?.need).toBe('runtime');
  });

  it('pulls neither where the cluster names its image or the operator is given one', async () => {
    const o = await report(own());
    expect(o.images.some((i) => i.ref === DEFAULT)).toBe(false);
    const e = await report(env());
    expect(e.images.some((i) => i.ref === DEFAULT)).toBe(false);
    expect(e.images.find((i) => i.ref === 'registry.example/rabbitmq:4.1.3')).toBeDefined();
  });

  it('warns of clusters rendered without the operator, naming its releases read', async () => {
    const a = await report(alone());
    expect(a.images.some((i) => i.ref === DEFAULT)).toBe(false);
    expect(a.warnings.map((w) => w.message).join('\n')).toMatch(
      /RabbitmqCluster resources are reconciled by RabbitMQ Cluster Operator, which this render does not run/,
    );
  });
});
