import { describe, expect, it } from 'vitest';
import { loadChartFiles } from '../loader/load.js';
import { renderChart } from './render-chart.js';

const enc = new TextEncoder();

async function render(template: string): Promise<string> {
  const chart = await loadChartFiles(
    [
      { name: 'Chart.yaml', data: enc.encode('apiVersion: v2\nname: c\nversion: 0.1.0\n') },
      { name: 'templates/a.yaml', data: enc.encode(template) },
    ],
    'c',
  );
  return renderChart(chart, { helmVersion: '4.1' })
    .docs.map((d) => d.text)
    .join('');
}

describe("Helm's bound functions check their Go signatures (pkg/engine/funcs.go)", () => {
  // found by fuzz/template.ts: `include .` reached the JavaScript as include(map, undefined) and
  // failed as "s is not iterable"; Helm 4's messages are the expectations
  it.each([
    ['a: {{ quote (include .) }}', 'wrong number of args for include: want 2 got 1'],
    ['a: {{ quote (include . .) }}', 'wrong type for value; expected string; got'],
    ['a: {{ quote (include 1 .) }}', 'expected string; found 1'],
    ['a: {{ quote (tpl . .) }}', 'wrong type for value; expected string; got'],
    ['a: {{ quote (fail) }}', 'wrong number of args for fail: want 1 got 0'],
    ['a: {{ quote (required . 1) }}', 'wrong type for value; expected string; got'],
  ])('%s fails: %s', async (template, message) => {
    await expect(render(template)).rejects.toThrow(message);
  });

  it.each([
    ['a: {{ quote (tpl "x" "y") }}', 'a: "x"'],
    ['a: {{ quote (tpl "{{ . }}" 3) }}', 'a: "3"'],
    ['{{ define "d" }}{{ . }}{{ end }}a: {{ quote (include "d" 2) }}', 'a: "2"'],
  ])('%s renders as in Helm 4: %s', async (template, out) => {
    expect(await render(template)).toContain(out);
  });
});

describe('lenient checks (the optional search): required and fail pass, and the render counts them', () => {
  const chart = () =>
    loadChartFiles(
      [
        { name: 'Chart.yaml', data: enc.encode('apiVersion: v2\nname: c\nversion: 0.1.0\n') },
        { name: 'values.yaml', data: enc.encode('repo: ""\nmode: a\n') },
        {
          name: 'templates/a.yaml',
          data: enc.encode(
            'a: {{ required "repo is required" .Values.repo | quote }}\n{{ if eq .Values.mode "b" }}{{ fail "mode b needs more" }}{{ end }}b: 1\n',
          ),
        },
      ],
      'c',
    );

  it('a strict render fails where a lenient one passes and says how many checks it let through', async () => {
    const c = await chart();
    expect(() => renderChart(c, {})).toThrow('repo is required');
    expect(renderChart(c, { lenientChecks: true }).checksPassed).toBe(1);
    expect(renderChart(c, { lenientChecks: true, values: { mode: 'b' } }).checksPassed).toBe(2);
    const filled = renderChart(c, { lenientChecks: true, values: { repo: 'x' } });
    expect(filled.checksPassed).toBe(0);
    expect(filled.docs[0]!.text).toContain('a: "x"');
    expect(renderChart(c, { values: { repo: 'x' } }).checksPassed).toBeUndefined();
  });

  // wiz-admission-controller (QQ): `fail` when a lookup finds no Secret, then `index
  // $secret.data`; the lenient render went past the fail into an error real Helm never reaches, and
  // lost the whole render: sensorInject.enabled's sensor image was listed with no setting
  it('an error past a check it let through drops that template only; one with no check passed still fails', async () => {
    const c = await loadChartFiles(
      [
        { name: 'Chart.yaml', data: enc.encode('apiVersion: v2\nname: c\nversion: 0.1.0\n') },
        {
          name: 'templates/secret.yaml',
          data: enc.encode(
            '{{- $s := lookup "v1" "Secret" "ns" "pull" }}{{ if not $s }}{{ fail "create the secret first" }}{{ end }}a: {{ index $s.data "k" }}\n',
          ),
        },
        { name: 'templates/pod.yaml', data: enc.encode('kind: Pod\nimage: {{ .Values.image | default "x/sidecar:1" }}\n') },
      ],
      'c',
    );
    const r = renderChart(c, { lenientChecks: true, helmVersion: '4.1' });
    expect(r.checksPassed).toBe(1);
    expect(r.docs.map((d) => d.text).join('')).toContain('image: x/sidecar:1');
    expect(() => renderChart(c, { helmVersion: '4.1' })).toThrow('create the secret first');
    const broken = await loadChartFiles(
      [
        { name: 'Chart.yaml', data: enc.encode('apiVersion: v2\nname: c\nversion: 0.1.0\n') },
        { name: 'templates/a.yaml', data: enc.encode('a: {{ index .Values.missing "k" }}\n') },
      ],
      'c',
    );
    expect(() => renderChart(broken, { lenientChecks: true, helmVersion: '4.1' })).toThrow();
  });
});

// fsm's chart (X) ships components/scripts.tar.gz as ConfigMap binaryData through
// `.Files.Get | b64enc`: Go's string is the file's bytes, so the base64 (and a hash) is of those
// bytes, not of a UTF-8 text with U+FFFD where bytes were not UTF-8
describe('.Files.Get of a file that is not UTF-8 keeps its bytes for the functions that read a string as bytes', () => {
  const bytes = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x41, 0xc3]);
  const renderWith = async (template: string) =>
    renderChart(
      await loadChartFiles(
        [
          { name: 'Chart.yaml', data: enc.encode('apiVersion: v2\nname: c\nversion: 0.1.0\n') },
          { name: 'components/s.tar.gz', data: bytes },
          { name: 'templates/a.yaml', data: enc.encode(template) },
        ],
        'c',
      ),
      { helmVersion: '4.1' },
    ).docs[0]!.text;

  it('b64enc and sha256sum of it are of the file', async () => {
    const { createHash } = await import('node:crypto');
    expect(await renderWith('a: {{ .Files.Get "components/s.tar.gz" | b64enc }}')).toContain(`a: ${Buffer.from(bytes).toString('base64')}`);
    expect(await renderWith('a: {{ .Files.Get "components/s.tar.gz" | sha256sum }}')).toContain(`a: ${createHash('sha256').update(bytes).digest('hex')}`);
  });
});

describe('sprig\'s split and splitn return Go\'s map[string]string: a part they did not make reads ""', () => {
  // Envoy Gateway's image helper splits a value at its first `/` and splits the rest again: with a
  // value holding no `/` (the probe's stand-in), Helm reads the missing `_1` as "" (missingkey=zero
  // gives the element type's zero value) where an interface map's would be nil and fail the call
  it.each([
    ['a: {{ $p := splitn "/" 2 "zq0r" }}{{ quote $p._1 }}', 'a: ""'],
    ['a: {{ $p := splitn "/" 2 "x" }}{{ (splitn ":" 2 $p._1)._0 | quote }}', 'a: ""'],
    ['a: {{ index (split "/" "x") "_3" | quote }}', 'a: ""'],
    ['a: {{ typeOf (split "/" "x") }}', 'a: map[string]string'],
    ['a: {{ $m := dict }}{{ quote $m.nope }}', 'a:\n'],
  ])('%s renders as in Helm 4: %s', async (template, out) => {
    expect(`${await render(template)}\n`).toContain(out);
  });
});
