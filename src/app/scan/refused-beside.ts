// A toggle the chart refuses as it is (optional.ts askedMore): the setting is named with what the
// chart's check asks beside it, once a strict render of the user's values with that shows the
// image. What a check asks is read from the check itself: the switches its `if` reads beside the
// setting (discover/toggles/exclusive.ts: default-on ones off, ones it reads under `not` on), the
// value a `required` on the failing line reads, and the first empty `.Values` path the chart's
// words name. A check whose words a helper builds and another template fails with (Bitnami's
// validateValues, joined and failed in NOTES) is found by its words. A few rounds at most: a
// render may meet the chart's next check (a certificate's key file, then the file).

import { checkCompanions, scopedGuardAround } from '../../discover/toggles/index.js';
import type { PathSegment } from '../../discover/field-path.js';
import { VALUES_PATH } from '../../discover/toggles/index.js';
import type { ImageSite } from '../../discover/image-site.js';
import { getIn } from '../../discover/values/index.js';
import { withToggle } from '../../overrides/values-optional.js';
import { ChartCheckError } from '../../util/errors.js';
import { isRecord } from '../../util/is-record.js';
import { templateOf } from './toggle-narrowing.js';
import type { OptionalSearch } from './toggled-render.js';

/**
 * Renders tried per refused toggle, each after the check the one before met: langsmith's smithdb
 * asks six values one check at a time (a Secret, then each of its keys, then a bucket).
 */
const ROUNDS = 8;
/** What an empty string a check asks for is set to (the guard round's stand-in word). */
const STAND_IN = 'example';
const CHECK = /\b(?:fail|required)\b/;
const REQUIRED = /\brequired\s+"(?:[^"\\]|\\.)*"\s+\(?\s*\$?\.Values\.([A-Za-z_][\w.]*)/g;
/**
 * A value of an image (`provider.serviceImage`, `image.repository`), named so by its key or the
 * key above it; a `repository` elsewhere is as often a git one (`cloneStaticSiteFromGit.repository`).
 */
const IMAGE_KEY = /image/i;
/** A dotted word of the chart's words (`smithdb.config.existingSecretName`), not a host name's tail nor a `.Values.` path. */
const DOTTED = /(?<![\w.$/-])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![\w/-])/g;
/** A dotted word the chart's words say must be on (`x.enabled must be true`). */
const MUST_BE_ON = /(?<![\w.$/-])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)\s+(?:must|should|has to|needs to)\s+be\s+(?:true|enabled|on)\b/g;
/**
 * A dotted word the chart's words ask to hold a value (`requires agent.network.mode=linkLocal`):
 * the setting the check wants, spelled whole (AstraDNS' CoreDNS patch, read through helpers). Not
 * one the words name as the conflict (`profile=central is incompatible with ...mode=linkLocal`).
 */
const SET_TO = /\b(?:requires?|needs?|set)\s+([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)=["']?([\w.-]+)/gi;
/** A line of the chart's words long enough to find the check that says it (not a bare key). */
const MIN_WORDS = 20;

/** The image's toggle with what the chart's checks ask beside it, where a strict render of that shows the image; else undefined. */
export async function settingWithCompanions(s: OptionalSearch, x: ImageSite, refusal: unknown): Promise<string | undefined> {
  if (!x.toggle) return undefined;
  let toggle = x.toggle;
  let error = refusal;
  for (let round = 0; round < ROUNDS; round++) {
    const more = companions(s, error, toggle);
    if (more.length === 0) return undefined;
    toggle = `${toggle},${more.join(',')}`;
    try {
      const docs = await s.renders.docs(withToggle(s.user, toggle));
      // a compiled-in default is spelled nowhere: the document that configures its operator shows it
      return docs.some((d) => (x.builtin ? d.template === x.source.template : d.text.includes(x.raw))) ? toggle : undefined;
    } catch (e) {
      error = e;
    }
  }
  return undefined;
}

/** `path=value` settings a refusal asks for beside `toggle`, none of its own paths. */
function companions(s: OptionalSearch, error: unknown, toggle: string): string[] {
  if (!(error instanceof ChartCheckError)) return [];
  const setting = toggle.split(',').map((p) => p.slice(0, p.indexOf('=')));
  const out = new Map<string, string>();
  const add = (path: string, value: string) => {
    // a stand-in is no image: a value naming one is the user's to choose, said in the chart's words
    if (value === STAND_IN && IMAGE_KEY.test(path.split('.').slice(-2).join('.'))) return;
    if (!setting.includes(path) && !out.has(path)) out.set(path, value);
  };
  const t = error.at ? templateOf(s.chart, error.at.template) : undefined;
  // the failing line is the check where it fails or requires there, not where it calls a helper that does
  const start = t && error.at ? lineStart(t.text, error.at.line) : -1;
  const checks = t && start >= 0 && CHECK.test(lineAt(t.text, start)) ? [{ text: t.text, offset: start, at: t.at }] : [];
  const places = [...checks, ...placesSaying(s, error.says, t?.at)];
  for (const { text, offset, at } of places) {
    const guard = scopedGuardAround(text, offset);
    const { off, on, counts } = guard === undefined ? { off: [], on: [], counts: [] } : checkCompanions(guard, at, setting, s.full);
    // one of them clears the check: a part switched on first (langsmith's `and .Values.frontend.enabled
    // (not .Values.ingress.enabled) (not .Values.gateway.enabled) ... .Values.config.deployment.enabled`
    // asks a route, not the frontend off), else one switched off, else a count changed (Bitnami
    // Kafka's zookeeper mode: brokers above 0)
    if (on.length > 0) add(on[0]!, getIn(s.full, on[0]!.split('.')) === '' ? STAND_IN : 'true');
    else if (off.length > 0) add(off[0]!, 'false');
    else if (counts.length > 0) add(counts[0]![0], String(counts[0]![1]));
    // `required "..." .Values.x` there: the value it asks for
    for (const m of lineAt(text, offset).matchAll(REQUIRED)) {
      const path = scoped(at, m[1]!);
      if (empty(s.full, path)) add(path.join('.'), STAND_IN);
    }
  }
  // the chart's words name what to set (`specify a database (.Values.auth.database or ...)`), or
  // spell a path the values declare empty without `.Values.` (langsmith's printf-built `fleet.encryptionKey
  // is required when fleet.enabled is true`): a dotted word is one only where the values hold it empty
  const spelled = [...error.says.matchAll(VALUES_PATH), ...error.says.matchAll(DOTTED)]
    .map((m) => scoped(t?.at ?? [], m[1]!))
    .filter((p) => !setting.includes(p.join('.')));
  const named = spelled.find((p) => empty(s.full, p));
  if (named) add(named.join('.'), STAND_IN);
  // or say a switch that is off must be on (Onyx's `auth.sandboxPushSecret.enabled must be true
  // when configMap.ENABLE_CRAFT is enabled`, tested through a variable no guard scan reads); not a
  // switch the words only name (Bitnami Redis' `redis: sentinel.masterService.enabled` title)
  else {
    const off = [...error.says.matchAll(MUST_BE_ON)].map((m) => scoped(t?.at ?? [], m[1]!)).find((p) => getIn(s.full, p) === false);
    if (off) add(off.join('.'), 'true');
    // or spell the setting whole, KEY=WORD, where the values hold another word there
    else {
      const asked = [...error.says.matchAll(SET_TO)]
        .map((m) => [scoped(t?.at ?? [], m[1]!), m[2]!] as const)
        .find(([p, word]) => {
          const v = getIn(s.full, p);
          return (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') && String(v) !== word;
        });
      if (asked) add(asked[0].join('.'), asked[1]);
    }
  }
  return [...out].map(([p, v]) => `${p}=${v}`);
}

/**
 * Where a template spells a line of the chart's words (a helper's `required "..."`, or a
 * validateValues message inside its `if`), each with where its chart's values sit: the first
 * line found, in the failing template's chart first.
 */
function placesSaying(s: OptionalSearch, says: string, first?: readonly PathSegment[]): { text: string; offset: number; at: readonly PathSegment[] }[] {
  const lines = says
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length >= MIN_WORDS && !l.includes('{{'));
  const same = (c: { at: readonly PathSegment[] }) => first !== undefined && c.at.length === first.length && c.at.every((k, i) => k === first[i]);
  const charts = [...s.templates.filter(same), ...s.templates.filter((c) => !same(c))];
  for (const line of lines)
    for (const c of charts)
      for (const text of c.texts) {
        const offset = text.indexOf(line);
        if (offset >= 0) return [{ text, offset, at: c.at }];
      }
  return [];
}

/** A `.Values` path of a chart's template, from the top (a global is every chart's). */
function scoped(at: readonly PathSegment[], dotted: string): PathSegment[] {
  const keys = dotted.split('.');
  return keys[0] === 'global' ? keys : [...at, ...keys];
}

/** Unset or empty where a map holds it: a value a check can ask for. */
function empty(full: Record<string, unknown>, path: readonly PathSegment[]): boolean {
  const v = getIn(full, path);
  return v === '' || v === null || (v === undefined && isRecord(getIn(full, path.slice(0, -1))));
}

/** The line of `text` that holds `offset`. */
function lineAt(text: string, offset: number): string {
  return text.slice(text.lastIndexOf('\n', offset - 1) + 1, text.indexOf('\n', offset) >>> 0);
}

/** The offset where 1-based line `line` of `text` starts, or -1. */
function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line && offset >= 0; l++) offset = text.indexOf('\n', offset) + 1 || -1;
  return offset;
}
