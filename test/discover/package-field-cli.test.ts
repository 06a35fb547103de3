// A package a custom resource names in `spec.package`: an OCI image its package manager pulls
// and runs (Crossplane's Provider, Function and Configuration: the package image holds the
// provider's controller). Before, a field named neither image nor anything else pulled was read
// as any string: a hosted, tagged reference there was doubtful, listed but not counted nor moved.
// A name with no host stays out (Crossplane puts its own default registry in front, not docker.io).
import { describe, expect, it } from 'vitest';
import { listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `providers:
  s3: xpkg.upbound.io/upbound/provider-aws-s3:v1.21.0
function: xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform:v0.8.2
`;

const PACKAGES = `apiVersion: pkg.crossplane.io/v1
kind: Provider
metadata:
  name: provider-aws-s3
spec:
  package: {{ .Values.providers.s3 }}
---
apiVersion: pkg.crossplane.io/v1beta1
kind: Function
metadata:
  name: function-patch-and-transform
spec:
  package: {{ .Values.function }}
---
apiVersion: pkg.crossplane.io/v1
kind: Configuration
metadata:
  name: platform
spec:
  package: acme/platform-ref:v0.1.0
---
apiVersion: apps.acme.io/v1
kind: Install
metadata:
  name: docs
spec:
  package:
    name: fleet_server
  homepage: docs.acme.io/install:v2
`;

describe('a package image a custom resource names in spec.package', () => {
  const chart = templateChart({ 'packages.yaml': PACKAGES }, VALUES);

  it('images lists each hosted, tagged package as a runtime image (a host-less name and other strings stay out)', async () => {
    const r = (await listImages(chart())) as unknown as { images: { ref: string; need: string }[]; doubtful: { ref: string }[] };
    expect(r.images.map((i) => [i.ref, i.need]).sort()).toEqual([
      ['xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform:v0.8.2', 'runtime'],
      ['xpkg.upbound.io/upbound/provider-aws-s3:v1.21.0', 'runtime'],
    ]);
    expect(r.doubtful.map((d) => d.ref)).toEqual(['docs.acme.io/install:v2']);
  });

  it('values moves each through the value that holds it', async () => {
    const r = await valuesThenImages(chart());
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.refs).toEqual([
      'mirror.local:5000/m/xpkg.crossplane.io/crossplane-contrib/function-patch-and-transform:v0.8.2',
      'mirror.local:5000/m/xpkg.upbound.io/upbound/provider-aws-s3:v1.21.0',
    ]);
  });
});
