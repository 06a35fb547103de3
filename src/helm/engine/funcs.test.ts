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
  return renderChart(chart, { helmVersion: 4 })
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
