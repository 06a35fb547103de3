import { describe, expect, it } from 'vitest';
import { GoTime } from './go-time.js';
import { dictionaryTable, sprigFuncs, sprigFuncsInto } from './index.js';
import { helmDataFuncs } from './helm-data.js';

const f = sprigFuncs({ now: () => new Date('2024-03-05T16:07:09Z') });
const call = (name: string, ...args: unknown[]): unknown => f[name]!(...args);
const show = (v: unknown): string => (v instanceof GoTime ? v.toGoString() : Array.isArray(v) ? `[${v.join(' ')}]` : String(v));

// Every expected value below is Go's output for the same call (text/template + Sprig).
describe('regex (Go RE2 semantics)', () => {
  it.each([
    ['regexMatch', ['^[a-z]+$', 'abc'], 'true'],
    ['regexMatch of a bad pattern is false', ['(', 'x'], 'false'],
    ['regexFindAll skips an empty match right after a match (Go allMatches)', ['a*', 'baaab', -1n], '[ aaa ]'],
    ['regexFindAll with a limit', ['[0-9]+', 'a1b22c333', 2n], '[1 22]'],
    ['regexFind with (?i)', ['(?i)B+', 'abBc'], 'bB'],
    ['regexFind with a POSIX class', ['[[:digit:]]+', 'ab12'], '12'],
    ['regexReplaceAll ${1}', ['a(x*)b', '-ab-axxb-', '${1}W'], '-W-xxW-'],
    ['regexReplaceAll $1W names group "1W" (empty)', ['a(x*)b', '-ab-axxb-', '$1W'], '---'],
    ['regexReplaceAll named group and $$', ['a(?P<n>x*)b', '-ab-axxb-', '<$n>$$'], '-<>$-<xx>$-'],
    ['regexReplaceAll swaps groups', ['^(\\w+)@(\\w+)\\.com$', 'joe@example.com', '$2/$1'], 'example/joe'],
    ['regexReplaceAll with empty matches', ['a*', 'baaab', 'X'], 'XbXbX'],
    ['regexReplaceAllLiteral does not expand', ['a(x*)b', '-ab-', '$1'], '-$1-'],
    ['regexSplit', ['z+', 'pizza', -1n], '[pi a]'],
    ['regexSplit on the empty pattern', ['', 'abc', -1n], '[a b c]'],
    ['regexSplit with empty matches', ['a*', 'baaab', -1n], '[b b]'],
    ['regexSplit with n', [',', 'a,b,c', 2n], '[a b,c]'],
    ['regexQuoteMeta', ['1.5-2.0?'], '1\\.5-2\\.0\\?'],
  ])('%s', (name, args, want) => {
    expect(show(call(name.split(' ')[0]!, ...args))).toBe(want);
  });
  it('unsupported Perl syntax errors as Go does; the plain variant reports MustCompile', () => {
    expect(() => call('regexFind', '(?=a)', 'x')).toThrow('regexp: Compile(`(?=a)`): error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    expect(() => call('mustRegexFind', 'a(', 'x')).toThrow('error parsing regexp: missing closing ): `a(`');
  });
});

describe('dates (Go layouts; Local is UTC; clock injected)', () => {
  const t = call('toDate', '2006-01-02 15:04:05', '2024-03-05 14:07:09');
  it.each([
    ['date with many layout elements', () => call('date', 'Mon Jan _2 15:04:05.000 MST 2006 PM 3pm', t), 'Tue Mar  5 14:07:09.000 UTC 2024 PM 2pm'],
    ['dateInZone uses the zone database', () => call('dateInZone', '2006-01-02 15:04 MST -07:00', t, 'America/New_York'), '2024-03-05 09:07 EST -05:00'],
    ['dateInZone with an unknown zone falls back to UTC', () => call('dateInZone', '2006-01-02', t, 'Nope/Zone'), '2024-03-05'],
    ['htmlDate', () => call('htmlDate', t), '2024-03-05'],
    ['unixEpoch', () => call('unixEpoch', t), '1709647629'],
    ['dateModify', () => call('dateModify', '-1.5h', t), '2024-03-05 12:37:09 +0000 UTC'],
    ['dateModify ignores a bad duration', () => call('dateModify', 'bad', t), '2024-03-05 14:07:09 +0000 UTC'],
    ['date of an int is unix seconds', () => call('date', '2006', 86400n), '1970'],
    ['toDate with offset and fraction', () => call('toDate', '2006-01-02T15:04:05Z07:00', '2024-03-05T10:11:12.5+02:00'), '2024-03-05 10:11:12.5 +0200 +0200'],
    ['toDate then date', () => call('date', 'Jan 2, 06', call('toDate', '02/01/2006', '31/12/1999')), 'Dec 31, 99'],
    ['weekday, month, year-day layouts', () => call('date', 'Monday January 2 002 __2', t), 'Tuesday March 5 065  65'],
    ['toJson of a time is RFC 3339', () => call('toJson', call('toDate', '2006-01-02', '2024-03-05')), '"2024-03-05T00:00:00Z"'],
    ['duration', () => call('duration', '95'), '1m35s'],
    ['duration over an hour', () => call('duration', '3700'), '1h1m40s'],
    ['durationRound', () => call('durationRound', '2h10m'), '2h'],
    ['durationRound negative', () => call('durationRound', '-400h'), '16d'],
    ['durationRound years', () => call('durationRound', '9000h'), '1y'],
    ['ago uses the injected clock', () => call('ago', t), '2h0m0s'],
    ['now is the injected clock', () => call('now'), '2024-03-05 16:07:09 +0000 UTC'],
  ])('%s', (_n, run, want) => {
    expect(show(run())).toBe(want);
  });
  it('errors as Go time reports them', () => {
    expect(() => call('mustToDate', '2006-01-02', '2024-02-30')).toThrow('parsing time "2024-02-30": day out of range');
    expect(() => call('mustToDate', '2006-01-02', '2024-3-05')).toThrow('parsing time "2024-3-05" as "2006-01-02": cannot parse "3-05" as "01"');
    expect(() => call('mustDateModify', '1d', t)).toThrow('time: unknown unit "d" in duration "1d"');
    expect(show(call('toDate', '2006-01-02', 'x'))).toBe('0001-01-01 00:00:00 +0000 UTC');
  });
});

describe('encoding, paths, urls', () => {
  it.each([
    ['b64enc', ['hello'], 'aGVsbG8='],
    ['b64dec', ['aGVsbG8='], 'hello'],
    ['b64dec returns the error text (illegal data)', ['abc'], 'illegal base64 data at input byte 0'],
    ['b64dec bad padding', ['YWJjZA='], 'illegal base64 data at input byte 7'],
    ['b32enc', ['hello'], 'NBSWY3DP'],
    ['b32dec', ['NBSWY3DP'], 'hello'],
    ['base', ['/a/b/'], 'b'],
    ['dir', ['a'], '.'],
    ['clean', ['a/../../b/./c//'], '../b/c'],
    ['ext', ['a.tar.gz'], '.gz'],
    ['isAbs', ['/x'], 'true'],
    [
      'urlJoin escapes path and fragment, keeps the raw query',
      [{ scheme: 'http', host: 'h:1', path: '/p q', query: 'a=b c', fragment: 'f g', userinfo: 'u:p' }],
      'http://u:p@h:1/p%20q?a=b c#f%20g',
    ],
    ['urlJoin opaque', [{ scheme: 's', opaque: 'o' }], 's:o'],
  ])('%s', (name, args, want) => {
    expect(show(call(name.split(' ')[0]!, ...args))).toBe(want);
  });
  it('urlParse splits like net/url', () => {
    expect(call('urlParse', 'https://u:p@ex.com:8080/a/b?x=1&y=2#frag')).toEqual({
      scheme: 'https',
      host: 'ex.com:8080',
      hostname: 'ex.com',
      path: '/a/b',
      query: 'x=1&y=2',
      opaque: '',
      fragment: 'frag',
      userinfo: 'u:p',
    });
    expect(call('urlParse', 'mailto:x@y')).toMatchObject({ scheme: 'mailto', opaque: 'x@y', host: '' });
  });
});

describe('function map (Helm: Sprig minus env/expandenv, plus data functions)', () => {
  it('env and expandenv are absent; Helm additions are present', () => {
    expect(f.env).toBeUndefined();
    expect(f.expandenv).toBeUndefined();
    for (const name of ['toYaml', 'fromYaml', 'fromYamlArray', 'toToml', 'fromJsonArray', 'sha512sum', 'getHostByName']) {
      expect(typeof f[name]).toBe('function');
    }
  });
  it("a table filled in place keeps its own entries first and takes Helm's data functions over Sprig's", () => {
    const lookup = () => ({});
    const table = sprigFuncsInto(dictionaryTable({ lookup }));
    const names = Object.keys(table);
    expect(names[0]).toBe('lookup');
    expect(table.lookup).toBe(lookup);
    expect(names.slice(1)).toEqual(Object.keys(sprigFuncs()));
    expect(names).not.toContain('#a');
    // Helm's fromJson gives a map holding "Error" where Sprig's would fail
    expect(table.fromJson!.toString()).toBe(helmDataFuncs().fromJson!.toString());
    expect(table.fromJson!('{')).toHaveProperty('Error');
  });
});

describe('regex functions run RE2 (Go regexp): linear time and RE2 syntax', () => {
  const f = sprigFuncs();
  it('a catastrophic-backtracking pattern for JavaScript answers at once (it ran for over 60 s)', () => {
    expect(f.regexMatch!('(a+)+$', 'a'.repeat(40) + 'b')).toBe(false);
    expect(f.regexFindAll!('(x+x+)+y', 'x'.repeat(5000), -1n)).toEqual([]);
  });
  it.each<[string, unknown[], unknown]>([
    ['regexReplaceAll', ['(?P<first>\\w+) (?P<last>\\w+)', 'ada lovelace', '${last} ${first}'], 'lovelace ada'],
    ['regexFind', ['a\\z', 'aba'], 'a'],
    ['regexMatch', ['(?i)^HELM$', 'helm'], true],
    ['regexMatch', ['^[[:alpha:]]+$', 'abc'], true],
    ['regexFindAll', ['\\Qa.b\\E', 'a.b axb a.b', -1n], ['a.b', 'a.b']],
    ['regexSplit', ['z+', 'pizza', -1n], ['pi', 'a']],
  ])('%s (case %#)', (name, args, want) => {
    expect((f[name] as (...a: unknown[]) => unknown)(...args)).toEqual(want);
  });
  it('lookaround is not RE2: mustRegexMatch fails with Go text, regexMatch is false', () => {
    expect(() => f.mustRegexMatch!('(?=x)', 'x')).toThrow('error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    expect(f.regexMatch!('(?=x)', 'x')).toBe(false);
  });
});

describe('ranges past the memory limit', () => {
  const f = sprigFuncs();
  it('until 200000000 is a clear error, not a crash of the process; ordinary ranges still work', () => {
    expect(() => f.until!(200_000_000n)).toThrow(/over the limit of 10000000/);
    expect(() => f.untilStep!(0n, 1_000_000_000n, 2n)).toThrow(/over the limit/);
    expect(f.until!(3n)).toEqual([0n, 1n, 2n]);
  });
});

describe('decoders check their argument type first (found by the differential fuzzer against Helm 4.1)', () => {
  const f = sprigFuncs();
  it.each([['b64dec'], ['b32dec'], ['fromYaml'], ['fromJson'], ['fromYamlArray'], ['fromJsonArray'], ['fromToml']])(
    '%s of a map or a number is a call error, as in Helm, not a message',
    (name) => {
      expect(() => (f[name] as (v: unknown) => unknown)({ z: -3n })).toThrow(/string/);
      expect(() => (f[name] as (v: unknown) => unknown)(42n)).toThrow(/string/);
    },
  );
});

describe('string slices keep their Go type (found by the differential fuzzer)', () => {
  const f = sprigFuncs();
  it.each<[string, unknown[]]>([
    ['toStrings', [['a', 1n]]],
    ['splitList', [',', 'a,b']],
    ['sortAlpha', [['b', 'a']]],
  ])('typeOf (%s ...) is []string, as in Helm', (name, args) => {
    const list = (f[name] as (...a: unknown[]) => unknown)(...args);
    expect(f.typeOf!(list)).toBe('[]string');
    expect(f.kindOf!(list)).toBe('slice');
    expect(JSON.parse(f.toJson!(list) as string)).toEqual(list);
  });
});

describe('regexReplaceAll checks its replacement even when nothing matches (found by the fuzzer)', () => {
  const f = sprigFuncs();
  it.each([['regexReplaceAll'], ['regexReplaceAllLiteral']])('%s with a non-string replacement is a call error, as in Helm', (name) => {
    expect(() => (f[name] as (...a: unknown[]) => unknown)('[aeiou]', '_', 3n)).toThrow(/string/);
    expect((f[name] as (...a: unknown[]) => unknown)('[aeiou]', 'hat', '_')).toBe('h_t');
  });
});
