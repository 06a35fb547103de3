// Every template of every corpus chart (and of its vendored subcharts, nested .tgz or folders)
// parses with our text/template parser, in one set per chart as Helm does.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { describe, expect, it } from 'vitest';
import { TemplateSet } from '../../src/template/index.js';

const corpus = resolve(process.env.AIRGAP_CORPUS ?? '../shared/charts');

// Sprig (minus env/expandenv) and Helm's additions: the names a chart may call.
const FUNCS = `hello ago date date_in_zone date_modify dateInZone dateModify duration durationRound htmlDate
htmlDateInZone must_date_modify mustDateModify mustToDate now toDate unixEpoch abbrev abbrevboth trunc trim upper
lower title untitle substr repeat trimall trimAll trimSuffix trimPrefix nospace initials randAlphaNum randAlpha
randAscii randNumeric swapcase shuffle snakecase camelcase kebabcase wrap wrapWith contains hasPrefix hasSuffix quote
squote cat indent nindent replace plural sha1sum sha256sum sha512sum adler32sum toString atoi int64 int float64 seq
toDecimal split splitList splitn toStrings until untilStep add1 add sub div mod mul randInt add1f addf subf divf mulf
biggest max min maxf minf ceil floor round join sortAlpha default empty coalesce all any compact mustCompact fromJson
toJson toPrettyJson toRawJson mustFromJson mustToJson mustToPrettyJson mustToRawJson ternary deepCopy mustDeepCopy
typeOf typeIs typeIsLike kindOf kindIs deepEqual getHostByName base dir clean ext isAbs osBase osClean osDir osExt
osIsAbs b64enc b64dec b32enc b32dec tuple list dict get set unset hasKey pluck keys pick omit merge mergeOverwrite
mustMerge mustMergeOverwrite values append push mustAppend mustPush prepend mustPrepend first mustFirst rest mustRest
last mustLast initial mustInitial reverse mustReverse uniq mustUniq without mustWithout has mustHas mustSlice concat
dig chunk mustChunk bcrypt htpasswd genPrivateKey derivePassword buildCustomCert genCA genCAWithKey genSelfSignedCert
genSelfSignedCertWithKey genSignedCert genSignedCertWithKey encryptAES decryptAES randBytes uuidv4 semver
semverCompare fail regexMatch mustRegexMatch regexFindAll mustRegexFindAll regexFind mustRegexFind regexReplaceAll
mustRegexReplaceAll regexReplaceAllLiteral mustRegexReplaceAllLiteral regexSplit mustRegexSplit regexQuoteMeta
urlParse urlJoin toToml fromToml toYaml toYamlPretty fromYaml fromYamlArray fromJsonArray include tpl required
lookup`.split(/\s+/);

interface Entry {
  path: string;
  data: Buffer;
}

function untar(tgz: Buffer): Entry[] {
  const entries: Entry[] = [];
  const p = new Parser({ strict: true });
  p.on('entry', (e: ReadEntry) => {
    const chunks: Buffer[] = [];
    e.on('data', (c: Buffer) => chunks.push(c));
    e.on('end', () => e.type === 'File' && entries.push({ path: e.path, data: Buffer.concat(chunks) }));
  });
  p.end(gunzipSync(tgz));
  return entries;
}

/** Template files by chart: "argo-workflows" and "argo-workflows/charts/sub" keys. */
function templatesOf(tgz: Buffer, prefix = ''): Map<string, Entry[]> {
  const out = new Map<string, Entry[]>();
  const add = (chart: string, e: Entry): void => void (out.get(chart) ?? out.set(chart, []).get(chart)!).push(e);
  for (const e of untar(tgz)) {
    const parts = e.path.split('/');
    const tpl = parts.lastIndexOf('templates');
    if (e.path.endsWith('.tgz') && parts[parts.length - 2] === 'charts') {
      for (const [k, v] of templatesOf(e.data, prefix + parts.slice(0, -1).join('/') + '/')) for (const x of v) add(k, x);
    } else if (tpl > 0 && !parts.slice(1, tpl).includes('templates')) {
      add(prefix + parts.slice(0, tpl).join('/'), { path: prefix + e.path, data: e.data });
    }
  }
  return out;
}

const archives = readdirSync(corpus).filter((f) => f.endsWith('.tgz'));

describe('corpus: every chart template parses (text/template parse)', () => {
  it('finds the corpus charts', () => {
    expect(archives.length).toBeGreaterThan(0);
  });
  it.each(archives)('%s: all templates and subchart templates parse into one set', (file) => {
    const byChart = templatesOf(readFileSync(join(corpus, file)));
    const funcs = Object.fromEntries(FUNCS.map((f) => [f, () => '']));
    const set = new TemplateSet({ funcs, missingKey: 'zero' });
    let count = 0;
    for (const entries of byChart.values()) {
      for (const e of entries) {
        set.parse(e.path, e.data.toString('utf8'));
        count++;
      }
    }
    expect(count).toBeGreaterThan(0);
    expect(set.names().length).toBeGreaterThanOrEqual(count);
  });
});
