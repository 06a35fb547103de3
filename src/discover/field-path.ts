// Field paths as kubectl/JSONPath users read them: a.b[0].c, with ["x.y"] for keys that are not
// plain identifiers. The same syntax names values paths (image.repository, sub.image["tag"]).

export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (PLAIN_KEY.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** Inverse of formatPath (for paths this module wrote). */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([A-Za-z_$][\w$-]*)/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < path.length && (m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else out.push(m[3]);
  }
  return out;
}

/** The path of the map or list holding the last segment (image.repository -> image). */
export function parentPath(path: string): string {
  return path.replace(/(\.[^.[\]]+|\["[^"]*"\]|\[\d+\])$/, '');
}
