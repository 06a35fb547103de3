// An image key in the prefix form `image_<component>` (Plane CE's MinIO block: `image`,
// `image_mc` for the bucket Job's client, `init_image`; holdout HH), each a whole reference a
// template reads as it is. Before, `image_mc` was not read as an image key: the client's reference
// had no values path and `values` called it hard-coded (exit 3), though the chart reads it from
// values. Words that name a part of an image (`image_tag`, `image_pull_policy`) stay parts.
import { describe, expect, it } from 'vitest';
import { isImageKey } from '../../src/discover/sites/index.js';
import { deployment, listImages, templateChart, valuesThenImages } from './template-chart.js';

const VALUES = `minio:
  image: minio/minio:latest
  image_mc: minio/mc:RELEASE.2024
  init_image: busybox:1.36
  image_pull_policy: IfNotPresent
`;

describe('an image key image_<component>', () => {
  const chart = templateChart(
    {
      'minio.yaml': deployment('minio', '{{ .Values.minio.image }}'),
      'bucket.yaml': deployment('bucket', '{{ .Values.minio.image_mc }}'),
      'init.yaml': deployment('init', '{{ .Values.minio.init_image }}'),
    },
    VALUES,
  );
  const refs = ['docker.io/library/busybox:1.36', 'docker.io/minio/mc:RELEASE.2024', 'docker.io/minio/minio:latest'];

  it('is the value path of the image it names, and values moves it, proved by re-render', async () => {
    const listed = await listImages(chart());
    expect(listed.images.map((i) => i.ref).sort()).toEqual(refs);
    expect(listed.images.find((i) => i.ref === 'docker.io/minio/mc:RELEASE.2024')?.valuesPaths).toEqual(['minio.image_mc']);
    const v = await valuesThenImages(chart());
    expect(v.exitCode, v.stderr).toBe(0);
    expect(v.refs).toEqual(refs.map((r) => `mirror.local:5000/m/${r}`));
  });

  it('leaves the words that name a part of an image as parts', () => {
    expect(['image_mc', 'image_proxy'].map(isImageKey)).toEqual([true, true]);
    expect(['image_tag', 'image_pull', 'image_registry', 'image_repository', 'image_name'].map(isImageKey)).toEqual([false, false, false, false, true]);
  });
});
