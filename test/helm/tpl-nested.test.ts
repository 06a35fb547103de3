// tpl inside tpl, with texts Go would not install (empty, comment-only): Helm 3.17 and 4.1 give
// the text's own output ("", the whitespace), never the enclosing template again.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChart } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';

describe('tpl of an empty or comment-only text inside tpl', () => {
  it('renders the text, as real Helm does (it used to recurse into the outer tpl)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tpl-nested-'));
    await mkdir(join(dir, 'templates'));
    await writeFile(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    await writeFile(
      join(dir, 'values.yaml'),
      'outer: |\n  a: {{ .Values.x }}\n  b: [{{ tpl .Values.inner . }}]\n  c: [{{ tpl .Values.ws . }}]\n  d: [{{ tpl .Values.cm . }}]\ninner: ""\nws: "  "\ncm: "{{/* c */}}"\nx: 1\n',
    );
    await writeFile(join(dir, 'templates', 'cm.yaml'), 'v: |\n  {{- tpl .Values.outer . | nindent 2 }}\n');
    const r = renderChart(await readChart(dir), { helmVersion: '4.1' });
    expect(r.docs[0]!.text).toBe('v: |\n  a: 1\n  b: []\n  c: [  ]\n  d: []');
  });
});
