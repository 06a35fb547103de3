// Go methods of the values Sprig returns, called in a template: time.Time's (`{{ now.Unix }}` in an OpenAI-style model list, a
// parsed date's Year, Month, AddDate): a chart that calls one failed our render whole ("can't
// evaluate field Unix in type time.Time") while Helm renders it. Judged against real Helm 4 on a
// fixed date given with its zone (Local is the host's in Helm); `now` only where it does not move.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateBoth } from '../support/template-both.js';

const FIXED = `{{- $t := toDate "2006-01-02T15:04:05Z07:00" "2024-02-29T13:05:09Z" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: fixed
data:
  unix: "{{ $t.Unix }} {{ $t.UnixMilli }} {{ $t.UnixMicro }} {{ $t.UnixNano }}"
  fields: "{{ $t.Year }} {{ $t.Month }} {{ $t.Day }} {{ $t.Hour }} {{ $t.Minute }} {{ $t.Second }} {{ $t.YearDay }} {{ $t.Weekday }} {{ $t.Nanosecond }}"
  format: "{{ $t.Format "2006/01/02" }} {{ $t.UTC }} {{ $t.IsZero }} {{ $t.String }}"
  dates: "{{ $t.AddDate 0 1 1 }} {{ $t.AddDate 1 0 0 }} {{ $t.AddDate 0 0 -60 }} {{ $t.Add 3600000000000 }}"
  printf: "{{ printf "%d %v %s %02d" $t.Month $t.Month $t.Weekday $t.Month }}"
  compare: "{{ $t.Before now }} {{ now.After $t }} {{ $t.Equal $t }}"
  types: "{{ typeOf $t.Month }} {{ kindOf $t.Month }} {{ typeOf $t }}"
`;

// *semver.Version's methods, and the semver.Version value Inc* and Set* return (its pointer
// methods, Original and the comparisons, are not callable on it: Helm fails those too)
const SEMVER = `{{- $v := semver "v1.2.3-beta.1+build5" }}
{{- $r := semver "1.2.3" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: semver
data:
  parts: "{{ $v.Major }} {{ $v.Minor }} {{ $v.Patch }} {{ $v.Prerelease }} {{ $v.Metadata }} {{ $v.Original }} {{ $v.String }}"
  next: "{{ $v.IncPatch }} {{ $v.IncMinor }} {{ $v.IncMajor }} {{ $r.IncPatch }} {{ $r.IncPatch.IncMinor.Major }}"
  compare: "{{ $v.LessThan (semver "2.0.0") }} {{ $v.GreaterThan (semver "1.0.0") }} {{ $v.Equal (semver "1.2.3-beta.1") }} {{ $v.Compare $r }} {{ $r.LessThanEqual $r }} {{ $r.GreaterThanEqual $v }}"
  set: "{{ $v.SetPrerelease "rc.1" }} {{ $r.SetMetadata "m1" }} {{ printf "%v %s" $v.IncMinor $r }}"
  types: "{{ typeOf $v }} {{ typeOf $v.IncPatch }} {{ kindOf $v.IncPatch }} {{ kindOf $v }}"
`;

// what .Files.Glob returns answers .Files' methods on the files it holds
const FILES = `apiVersion: v1
kind: ConfigMap
metadata:
  name: files
data:
  get: "{{ (.Files.Glob "conf/*").Get "conf/a.yaml" | trim }} {{ (.Files.Glob "conf/*").GetBytes "conf/b.txt" | len }}"
  lines: "{{ range (.Files.Glob "conf/*").Lines "conf/b.txt" }}[{{ . }}]{{ end }}"
  glob: "{{ range $p, $_ := (.Files.Glob "conf/*").Glob "conf/*.txt" }}{{ $p }};{{ end }}"
  as: "{{ (.Files.Glob "conf/*.yaml").AsConfig | b64enc }} {{ (.Files.Glob "conf/*").AsSecrets | len }}"
`;

const NOW = `apiVersion: v1
kind: ConfigMap
metadata:
  name: now
data:
  year: "{{ now.Year }}"
  after: "{{ gt (now.Unix | int64) 1700000000 }}"
`;

describe("time.Time's, semver's and a files map's methods in templates", () => {
  it('render as real Helm 4 renders them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'struct-methods-'));
    try {
      await mkdir(join(dir, 'templates'), { recursive: true });
      await writeFile(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: timemethods\nversion: 0.1.0\n');
      await writeFile(join(dir, 'templates', 'fixed.yaml'), FIXED);
      await writeFile(join(dir, 'templates', 'now.yaml'), NOW);
      await writeFile(join(dir, 'templates', 'semver.yaml'), SEMVER);
      await writeFile(join(dir, 'templates', 'files.yaml'), FILES);
      await mkdir(join(dir, 'conf'));
      await writeFile(join(dir, 'conf', 'a.yaml'), 'a: 1\n');
      await writeFile(join(dir, 'conf', 'b.txt'), 'l1\nl2\n');
      const { ours, helm } = await templateBoth(dir);
      expect(ours.stderr).toBe('');
      expect(ours.exitCode).toBe(0);
      expect(ours.stdout.trim()).toBe(helm.trim());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
