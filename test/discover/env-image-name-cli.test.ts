// A container env var named *_IMAGE whose value is a repository with a registry host and no tag
// (`CNI_IMAGE=ghcr.io/acme/cni`): the operator passes it on as it is and the runtime pulls
// `:latest`, so it is needed. Before, it was doubtful ("nothing says one is pulled") though the
// env name says it is an image. A bare word there stays doubtful; a registry setting on a registry
// that keeps every image under a namespace (ghcr.io/acme) is no image at all (registry-namespace).
// An image's variant (`MDB_IMAGE_TYPE=ubi8`, appended to tags by MongoDB's operators) is a part,
// never an image: it was doubtful `docker.io/library/ubi8:latest` (P).
import { describe, expect, it } from 'vitest';
import { deploymentWithEnv, listImages, templateChart } from './template-chart.js';

const chart = templateChart({
  'op.yaml': deploymentWithEnv('ghcr.io/acme/operator:1.0.0', {
    CNI_IMAGE: 'ghcr.io/acme/cni',
    CONFIG_DAEMON_IMAGE: 'quay.io/acme/config-daemon',
    WORKER_IMAGE: 'busybox',
    IMAGE_REGISTRY: 'ghcr.io/acme',
    MDB_IMAGE_TYPE: 'ubi8',
  }),
});

describe('an env var named *_IMAGE holding a tagless repository with a host', () => {
  it('images lists it as needed, pulled at :latest; a bare word stays doubtful, a registry setting is not listed', async () => {
    const out = await listImages(chart());
    expect(out.images.map((i) => i.ref).sort()).toEqual(['ghcr.io/acme/cni:latest', 'ghcr.io/acme/operator:1.0.0', 'quay.io/acme/config-daemon:latest']);
    expect(out.doubtful.map((i) => i.ref).sort()).toEqual(['docker.io/library/busybox:latest']);
  });
});
