import { describe, expect, it } from 'vitest';
import { remergedDefaultKeys, remergedView } from './remerged-defaults.js';

const PROFILE = [
  '{{- $defaults := $.Values._internal_defaults_do_not_set }}',
  '{{- $_ := unset $.Values "_internal_defaults_do_not_set" }}',
  '{{- $x := mustMergeOverwrite $defaults ($.Values.global | default dict) }}',
  '{{- $b := set $ "Values" (mustMergeOverwrite $defaults $.Values) }}',
].join('\n');

describe('defaults kept under an internal key and re-merged at render time (Istio profiles)', () => {
  const values = { _internal_defaults_do_not_set: { image: 'pilot', global: { hub: 'docker.io/istio', tag: '1.24.0' } }, global: { tag: '' } };

  it('the key a template merges the values over, then puts in place of .Values, is found', () => {
    expect(remergedDefaultKeys([{ name: 'templates/zzz_profile.yaml', text: PROFILE }], values)).toEqual(['_internal_defaults_do_not_set']);
  });

  it('a merge that does not replace .Values, or a key that is no map, is not', () => {
    const noSet = PROFILE.replace(/set \$ "Values"/, 'set $ "Other"');
    expect(remergedDefaultKeys([{ name: 't', text: noSet }], values)).toEqual([]);
    expect(remergedDefaultKeys([{ name: 't', text: PROFILE }], { _internal_defaults_do_not_set: 'x' })).toEqual([]);
  });

  it('the view is what templates see: defaults at the root, given values over them, empty ones ignored', () => {
    expect(remergedView(values, ['_internal_defaults_do_not_set'])).toEqual({ image: 'pilot', global: { hub: 'docker.io/istio', tag: '1.24.0' } });
    expect(remergedView({ ...values, global: { hub: 'r.example/istio' } }, ['_internal_defaults_do_not_set'])).toEqual({
      image: 'pilot',
      global: { hub: 'r.example/istio', tag: '1.24.0' },
    });
  });
});
