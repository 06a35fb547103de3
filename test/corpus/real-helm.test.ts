// The corpus judged by real Helm, with no hand truth needed, for every chart in AIRGAP_CORPUS
// (NAME-VERSION.tgz, and NAME-VERSION.values.yaml beside it when the chart needs values to
// render): our render following each Helm (--helm-version 4.2, 4.1, 3.17) is identical to real
// Helm 4.2.3's, 4.1.4's and 3.17.2's (YAML level; only what Helm makes random is masked); following
// Helm 4.1 (the images and values checks below), every pod-spec image of Helm 4's render is
// found by discovery; after `values`, Helm 4's render has no pod-spec image outside the target,
// and none after our post-renderer either; and every image `images` reports, runtime ones
// included, is at the target there (hard-coded ones after the post-renderer) with no source
// left, judged by what discovery composes from real Helm's render (test/support/at-target.ts: a
// reference an operator joins from fields is judged joined). A chart real Helm refuses must be
// refused by us too.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { realHelm } from '../support/tools.js';
import type { HelmLine } from '../../src/helm/engine/defaults.js';
import { toImageRef } from '../../src/discover/image-ref.js';
import { referenceProblem } from '../../src/oci/reference.js';
import { compareRenders, formatDisagreements, parseDocs } from '../support/render-compare.js';
import { misplacedImages, type ReportedImage } from '../support/at-target.js';
import { loadChartArchive } from '../../src/helm/loader/load.js';
import { remoteSchemaRefs } from '../../src/helm/values/schema.js';
import { appVersionsByPath } from '../../src/helm/engine/render-chart.js';
import { overrideValue, resourceField } from '../../src/discover/operators/index.js';
import { isRecord } from '../../src/util/is-record.js';
import type { BuiltinProvenance } from '../../src/discover/image-site.js';
import { parseStructured } from '../../src/discover/decoders/index.js';
import { getIn } from '../../src/discover/values/index.js';

const CORPUS = resolve(import.meta.dirname, '../..', process.env.AIRGAP_CORPUS ?? '../shared/charts');
const CHARTS = (await readdir(CORPUS)).filter((f) => f.endsWith('.tgz')).sort();
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';
// README's other form, `host:port/prefix`: a bare `host:port` a consumer reads alone looks like an image
const PORT_TARGET = 'mirror.internal:5000/airgap';
const RELEASE = 'rel';
const POD_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

let work: string;
let helm: Record<HelmLine, string>;
/** The Helm the images and values checks follow, and judge by (real Helm 4.1.4). */
const FOLLOW = ['--helm-version', '4.1'];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'corpus-real-helm-'));
  helm = { '3.17': (await realHelm('3.17')).helm, '4.1': (await realHelm('4.1')).helm, '4.2': (await realHelm('4.2')).helm };
});
afterAll(() => rm(work, { recursive: true, force: true }));

function valuesArgs(tgz: string): string[] {
  const f = join(CORPUS, tgz.replace(/\.tgz$/, '.values.yaml'));
  return existsSync(f) ? ['-f', f] : [];
}

const skips = new Map<string, Promise<string[]>>();
/**
 * A chart whose values.schema.json (or a subchart's) `$ref`s a schema by address is rendered with
 * --skip-schema-validation, as its user must where that address cannot be reached and as
 * `images` and `values` say (optional-recall.mjs does the same): real Helm downloads it otherwise.
 */
function schemaSkip(tgz: string): Promise<string[]> {
  let skip = skips.get(tgz);
  if (!skip) {
    skip = readFile(join(CORPUS, tgz)).then(async (bytes) =>
      remoteSchemaRefs(await loadChartArchive(bytes, tgz)).some((r) => r.refs.some((x) => /^https?:\/\//i.test(x))) ? ['--skip-schema-validation'] : [],
    );
    skips.set(tgz, skip);
  }
  return skip;
}

async function helmTemplate(major: HelmLine, tgz: string, extra: string[] = []) {
  return execa(helm[major], ['template', RELEASE, join(CORPUS, tgz), ...valuesArgs(tgz), ...(await schemaSkip(tgz)), ...extra], {
    reject: false,
    // a block run in one namespace (HELM_NAMESPACE=tenant-root: Cozystack's apps render in a tenant
    // namespace only) is rendered there by real Helm too, as by ours, which reads it as Helm does
    env: { HOME: work, PATH: process.env.PATH ?? '', ...(process.env.HELM_NAMESPACE ? { HELM_NAMESPACE: process.env.HELM_NAMESPACE } : {}) },
    extendEnv: false,
  });
}

/** Pod-spec images of a render, Docker Hub short names made explicit. */
function podImages(stream: string): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (POD_LISTS.includes(k) && Array.isArray(v)) {
        for (const c of v) {
          const image = (c as { image?: unknown })?.image;
          // `auto` is Istio's documented placeholder, replaced by its injection webhook at admission
          if (typeof image === 'string' && image !== 'auto') out.add(qualify(image));
        }
      }
      visit(v);
    }
  };
  parseDocs(stream).forEach(visit);
  return out;
}

/** As discovery normalises (docker.io/library added, :latest when neither tag nor digest). */
function qualify(ref: string): string {
  return toImageRef(ref)?.normalized ?? ref;
}

describe.each(CHARTS)('%s (judged by real Helm)', (tgz) => {
  const chart = () => join(CORPUS, tgz);
  /** Each chart's appVersion by path: what fills a version a template leaves empty. */
  const appVersions = async () => appVersionsByPath(await loadChartArchive(await readFile(chart()), tgz));

  /** `values` into `dir` (it must succeed), and the images it names as hard-coded or test-only. */
  const valuesFor = async (
    dir: string,
    extra: string[] = [],
    target = TARGET,
  ): Promise<{ hard: Set<string>; moved: Map<string, string>; clashing: Set<string> }> => {
    const v = await runCli([
      '-o',
      'json',
      'values',
      chart(),
      ...valuesArgs(tgz),
      '--name',
      RELEASE,
      '--registry',
      target,
      '--out-dir',
      dir,
      '--allow-hardcoded',
      ...FOLLOW,
      ...extra,
    ]);
    expect(v.exitCode, v.stdout + v.stderr).toBe(0);
    const releases = (
      JSON.parse(v.stdout) as {
        releases: {
          images: { source: string; target: string }[];
          hardcoded: { source: string }[];
          testOnly?: { source: string }[];
          accounting?: { notMoved: { source: string; detail?: string }[] };
        }[];
      }
    ).releases;
    return {
      hard: new Set(releases.flatMap((r) => [...r.hardcoded, ...(r.testOnly ?? [])].map((h) => h.source))),
      moved: new Map(releases.flatMap((r) => r.images.map((i) => [i.source, i.target] as const))),
      // optional images whose setting the default images, or another setting's images, need at another value: left out, said why
      clashing: new Set(
        releases.flatMap((r) =>
          (r.accounting?.notMoved ?? []).filter((n) => /also names the (default images|images of a setting)/.test(n.detail ?? '')).map((n) => n.source),
        ),
      ),
    };
  };

  it.each(['4.2', '4.1', '3.17'] as const)('renders identical to real Helm %s (or is refused as Helm refuses it)', async (major) => {
    const h = await helmTemplate(major, tgz);
    const ours = await runCli(['template', RELEASE, chart(), ...valuesArgs(tgz), '--helm-version', major]);
    if (h.exitCode !== 0) {
      expect(ours.exitCode, `Helm ${major} refuses it (${h.stderr.split('\n')[0]}); we rendered it`).not.toBe(0);
      return;
    }
    expect(ours.stderr).toBe('');
    let d = compareRenders(ours.stdout, h.stdout);
    if (d.length > 0) {
      // what Helm renders differently each time is random whatever it looks like (datahub's
      // `randInt` minute and hour in a cron schedule inside a JSON env value): a field real Helm's own
      // later render disagrees on is no disagreement of ours, asked up to three times (a random
      // minute and hour can come out the same twice: 1 in 1,440)
      const own = new Set<string>();
      for (let n = 0; n < 3 && d.some((x) => !own.has(`${x.doc}\0${x.path}`)); n++) {
        const again = await helmTemplate(major, tgz);
        for (const x of compareRenders(again.stdout, h.stdout)) own.add(`${x.doc}\0${x.path}`);
      }
      d = d.filter((x) => !own.has(`${x.doc}\0${x.path}`));
    }
    expect(d, formatDisagreements(d)).toEqual([]);
  });

  it("finds every pod-spec image of real Helm 4's render", async () => {
    const h = await helmTemplate('4.1', tgz);
    if (h.exitCode !== 0) return expect((await runCli(['images', chart(), ...valuesArgs(tgz), ...FOLLOW])).exitCode).not.toBe(0);
    const r = await runCli(['-o', 'json', 'images', chart(), '--name', RELEASE, ...valuesArgs(tgz), ...FOLLOW]);
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { images: { ref: string }[]; doubtful: { ref: string }[] };
    const found = new Set(report.images.map((i) => i.ref));
    // a string the reference grammar refuses is pulled by no runtime (the kubelet: InvalidImageName):
    // listed as doubtful, with the reason, it is accounted for (access-manager's `repo:@sha256:...`)
    const refused = new Set(report.doubtful.map((i) => i.ref).filter((ref) => referenceProblem(ref) !== undefined));
    const missing = [...podImages(h.stdout)].filter((i) => !found.has(i) && !refused.has(i));
    expect(missing).toEqual([]);
  });

  it('after `values` to a host:port/prefix target, real Helm 4 renders no pod-spec image outside the target; nor after our post-renderer', async () => {
    const h = await helmTemplate('4.1', tgz);
    if (h.exitCode !== 0) return;
    const dir = join(work, tgz, 'values');
    const { hard } = await valuesFor(dir, [], PORT_TARGET);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.values.yaml'));
    expect(files).toEqual([`${RELEASE}.values.yaml`]);
    const after = await helmTemplate('4.1', tgz, ['-f', join(dir, files[0]!)]);
    expect(after.exitCode, after.stderr).toBe(0);
    // what values names as hard-coded or test-only is the post-renderer's to move
    // a string no runtime pulls (the first check holds it listed as doubtful) is pulled from nowhere
    const pulled = (i: string) => referenceProblem(i) === undefined;
    const outside = [...podImages(after.stdout)].filter((i) => !i.startsWith(`${PORT_TARGET}/`) && !hard.has(i) && pulled(i));
    const post = await runCli(['postrender', '--registry', PORT_TARGET], {}, after.stdout);
    expect(post.exitCode, post.stderr).toBe(0);
    const outsideAfterPost = [...podImages(post.stdout)].filter((i) => !i.startsWith(`${PORT_TARGET}/`) && pulled(i));
    expect({ values: outside, postrender: outsideAfterPost }).toEqual({ values: [], postrender: [] });
  });

  it("after `values`, every image `images` reports (runtime ones too) is at the target in real Helm 4's render and no source is left; after the post-renderer, hard-coded ones too; operators' built-in defaults named by values", async () => {
    const h = await helmTemplate('4.1', tgz);
    if (h.exitCode !== 0) return;
    const listed = await runCli(['-o', 'json', 'images', chart(), '--name', RELEASE, ...valuesArgs(tgz), ...FOLLOW]);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const reported = (JSON.parse(listed.stdout) as { images: Reported[] }).images.filter((i) => i.sites.length > 0);
    const dir = join(work, tgz, 'values-all');
    const { hard, moved } = await valuesFor(dir);
    const after = await helmTemplate('4.1', tgz, ['-f', join(dir, `${RELEASE}.values.yaml`)]);
    expect(after.exitCode, after.stderr).toBe(0);
    const post = await runCli(['postrender', '--registry', TARGET], {}, after.stdout);
    expect(post.exitCode, post.stderr).toBe(0);
    const versions = await appVersions();
    // what values leaves to the post-renderer may stay outside the target until then
    const left = new Set([...hard, ...reported.filter((i) => i.hardcoded).map((i) => i.ref)]);
    // an operator's built-in default is in no manifest: values must name it (with its route), no render can show it;
    // nor does a CRD's schema default it also is (pulled through resources made later, not through the render)
    const inManifests = reported.filter((i) => !i.sites.every((s) => s.site === 'builtin' || isSchemaDefaultSite(s)));
    expect({
      values: misplacedImages(
        inManifests.filter((i) => !left.has(i.ref)),
        after.stdout,
        TARGET,
        { exempt: left, appVersions: versions, crdsStay: true },
      ),
      postrender: [
        ...misplacedImages(
          inManifests.filter((i) => !servedOnly(i)),
          post.stdout,
          TARGET,
          { appVersions: versions },
        ),
        ...misplacedImages(inManifests.filter(servedOnly), post.stdout, TARGET, {
          appVersions: versions,
          onlyThese: true,
          crdsStay: true,
          schemaDefaults: true,
        }),
      ],
      builtin: reported
        .filter((i) => !inManifests.includes(i) && !hard.has(i.ref) && !settingAtTarget(i, moved.get(i.ref), after.stdout))
        .map((i) => `${i.ref}: a built-in default values does not name, nor moves by the operator's setting in real Helm 4's render`),
    }).toEqual({ values: [], postrender: [], builtin: [] });
  });

  it("with --include-optional: each optional image, its setting turned on, is at the target in real Helm 4's render after `values`, and after the post-renderer", async () => {
    const h = await helmTemplate('4.1', tgz);
    if (h.exitCode !== 0) return;
    const listed = await runCli(['-o', 'json', 'images', chart(), '--name', RELEASE, '--include-optional', ...valuesArgs(tgz), ...FOLLOW]);
    expect(listed.exitCode, listed.stderr).toBe(0);
    const optional = (JSON.parse(listed.stdout) as { images: Reported[] }).images.filter((i) => i.need === 'optional' && i.sites.length > 0);
    if (optional.length === 0) return;
    const dir = join(work, tgz, 'values-optional');
    const { hard, clashing, moved: movedTo } = await valuesFor(dir, ['--include-optional']);
    const file = join(dir, `${RELEASE}.values.yaml`);
    const versions = await appVersions();
    const problems: string[] = [];
    // each setting once (a chart can have dozens of optional images behind a few settings)
    for (const toggle of [...new Set(optional.flatMap((i) => i.toggles ?? []))].slice(0, MAX_TOGGLES)) {
      // a setting the chart refuses alone (it asks for more values then) cannot be rendered here
      const on = await helmTemplate('4.1', tgz, ['-f', file, '--set', toggle]);
      if (on.exitCode !== 0) continue;
      const post = await runCli(['postrender', '--registry', TARGET], {}, on.stdout);
      expect(post.exitCode, post.stderr).toBe(0);
      const brought = optional.filter((x) => x.toggles?.includes(toggle) && !clashing.has(x.ref));
      // an operator's built-in default a setting brings is in no manifest: values names it with its route (as a needed one),
      // or moves it by the setting the chart writes from a value
      const these = brought.filter((i) => !i.sites.every((x) => x.site === 'builtin'));
      problems.push(
        ...brought
          .filter((i) => !these.includes(i) && !hard.has(i.ref) && !settingAtTarget(i, movedTo.get(i.ref), on.stdout))
          .map((i) => `values, ${toggle}: ${i.ref}: a built-in default values does not name`),
      );
      // a CRD's schema default a setting brings (doltdb's installCrds: Snapshot's bitnami/kubectl) is
      // no value's to move: the post-renderer's, judged as the defaults discovery composes (as above)
      const inRender = these.filter((i) => !servedOnly(i));
      const moved = inRender.filter((i) => !i.hardcoded && !hard.has(i.ref));
      // the images this setting brings are judged here; the render's others by the checks above
      problems.push(...misplacedImages(moved, on.stdout, TARGET, { onlyThese: true, appVersions: versions }).map((m) => `values, ${toggle}: ${m}`));
      problems.push(...misplacedImages(inRender, post.stdout, TARGET, { onlyThese: true, appVersions: versions }).map((m) => `postrender, ${toggle}: ${m}`));
      problems.push(
        ...misplacedImages(these.filter(servedOnly), post.stdout, TARGET, { onlyThese: true, appVersions: versions, crdsStay: true, schemaDefaults: true }).map(
          (m) => `postrender, ${toggle}: ${m}`,
        ),
      );
    }
    expect(problems).toEqual([]);
  });
});

/**
 * The override setting values wrote for an operator's built-in default names the target in real
 * Helm 4's render: the registry or whole reference of the operator container's env var or flag
 * (StackGres' SG_CONTAINER_REGISTRY, Headlamp's -pod-debug-image), or the field of the operator's
 * config file in a ConfigMap (Eraser's components.collector.image.repo), or the resource's own field
 * the chart writes from a value (Elastic's spec.image).
 */
function settingAtTarget(i: Reported, target: string | undefined, rendered: string): boolean {
  if (!target?.startsWith(`${TARGET}/`)) return false;
  const quoted = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return i.sites.some(({ builtin: b }) => {
    // a resource's own field the chart writes from the value set (Elastic's eck-* `image`), or the
    // registry the operator joins the default under (HwameiStor's spec.drbd.shipper.registry)
    if (b?.overrideField && !(b.overrideEnv || b.overrideFlag || b.overrideConfig) && ['image', 'registry'].includes(b.overrideTakes ?? 'image')) {
      const want = b.overrideTakes === 'registry' ? overrideValue(target, 'registry', i.ref) : target;
      return parseDocs(rendered).some((d) => isRecord(d) && resourceField(d, b.overrideField!) === want);
    }
    // a data key of the operator's settings ConfigMap (OpenELB's openelb-images proxy-image)
    if (b?.overrideSetting && !(b.overrideEnv || b.overrideFlag))
      return parseDocs(rendered).some((d) => {
        const o = d as { kind?: string; metadata?: { name?: string }; data?: Record<string, unknown> };
        return (
          o.kind === 'ConfigMap' &&
          o.metadata?.name === b.overrideSetting!.configMap &&
          o.data?.[b.overrideSetting!.key] === overrideValue(target, b.overrideTakes as BuiltinProvenance['overrideTakes'], i.ref)
        );
      });
    if (!b || !(b.overrideEnv || b.overrideFlag || b.overrideConfig)) return false;
    const want = overrideValue(target, b.overrideTakes as BuiltinProvenance['overrideTakes'], i.ref);
    if (b.overrideTakes === 'registry' && want === target) return false;
    // the name quoted or not, as the chart's template writes it (Enonic's `- name: "{{ $n }}"`)
    if (b.overrideEnv) return new RegExp(`- name: "?${b.overrideEnv}"?\\n\\s+value: "?${quoted(want)}"?\\n`).test(rendered);
    if (b.overrideFlag) return new RegExp(`-{1,2}${quoted(b.overrideFlag.replace(/^-+/, ''))}[= ]"?${quoted(want)}(?=["'\\s]|$)`, 'm').test(rendered);
    return parseDocs(rendered).some((d) => {
      const data = (d as { kind?: string; data?: Record<string, unknown> }).kind === 'ConfigMap' ? (d as { data?: Record<string, unknown> }).data : undefined;
      return Object.values(data ?? {}).some((text) => {
        const config = typeof text === 'string' ? parseStructured(text) : undefined;
        return config !== undefined && getIn(config, b.overrideConfig!.split('.')) === want;
      });
    });
  });
}

/** Settings turned on per chart by the --include-optional check (each one a render). */
const MAX_TOGGLES = 12;

interface Reported extends ReportedImage {
  need?: string;
  toggles?: string[];
  hardcoded?: boolean;
  sites: {
    raw: string;
    site?: string;
    switchedOff?: string;
    source?: { kind?: string; template?: string };
    builtin?: {
      overrideTakes?: string;
      overrideEnv?: string;
      overrideFlag?: string;
      overrideConfig?: string;
      overrideField?: string;
      overrideSetting?: { configMap: string; key: string };
    };
  }[];
}

// a CRD's default a program of the release serves, named nowhere else
const servedOnly = (i: Reported): boolean => i.sites.every((s) => s.source?.kind === 'CustomResourceDefinition');
// As discovery's isSchemaDefault: a CRD's own default: optional, or (a program of the release serves the CRD) run-time; in the
// chart's crds/ folder, it is in no render a post-renderer sees
const isSchemaDefaultSite = (s: Reported['sites'][number]): boolean =>
  s.source?.kind === 'CustomResourceDefinition' && (s.switchedOff !== undefined || /(^|\/)crds\//.test(s.source.template ?? ''));

it('the corpus is there', async () => {
  expect(CHARTS.length, `no charts in ${CORPUS}`).toBeGreaterThan(0);
  expect(await readFile(join(CORPUS, CHARTS[0]!)).then((b) => b.length)).toBeGreaterThan(0);
});
