// A chart whose one Deployment runs each image given, each from a values key of its own
// (images.c0, images.c1 ...): the smallest chart `values`, `images` and the plans' checks move.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** `dir`: a chart whose one Deployment runs each image, each from a values key of its own (the `./shop` of the plans' checks). */
export async function writeImageChart(dir: string, images: readonly string[]): Promise<void> {
  await mkdir(join(dir, 'templates'), { recursive: true });
  await writeFile(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${basename(dir)}\nversion: 0.1.0\n`);
  await writeFile(join(dir, 'values.yaml'), `images:\n${images.map((ref, i) => `  c${i}: ${ref}\n`).join('')}`);
  const containers = images.map((_, i) => `        - name: c${i}\n          image: {{ .Values.images.c${i} }}\n`).join('');
  await writeFile(
    join(dir, 'templates', 'deployment.yaml'),
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n${containers}`,
  );
}
