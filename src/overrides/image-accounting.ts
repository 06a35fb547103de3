// Where every image of a render ends up after a command that rewrites references (`values`,
// `kustomize`, `postrender`): moved (to where, by which map entry or naming rule) or not moved,
// with the reason. The three commands fill one model and fail by one rule: an image the cluster
// needs that still pulls from outside the target is exit 3 unless the user allows exactly that
// reason (pure).
import { PartialResultError } from '../util/errors.js';
import type { ImageSource } from '../discover/image-site.js';

export interface MovedImage {
  source: string;
  target: string;
  /** The map entry or naming rule that sent it there. */
  by: string;
  where?: string;
}

/**
 * not-in-map / not-in-lock: the map (or the bundle given to postrender) does not name it.
 * hard-coded: no values path controls it; builtin: an operator's compiled-in default, in no
 * manifest (values and postrender alike cannot reach it); out-of-reach: kustomize (or the post-renderer's text
 * edit) cannot rewrite the field. test-only, optional-not-included and at-target are not
 * pulled from outside by an install as given, so they never fail a command.
 */
export type NotMovedReason = 'not-in-map' | 'not-in-lock' | 'hard-coded' | 'builtin' | 'out-of-reach' | 'test-only' | 'optional-not-included' | 'at-target';

export interface NotMovedImage {
  source: string;
  reason: NotMovedReason;
  /** Why, in words (the toggle, the field kustomize does not rewrite...). */
  detail?: string;
  where?: string;
  /** True when an install as given pulls it from outside the target. */
  outside: boolean;
  /** The flag that accepts it (absent: nothing to accept). */
  allowedBy?: AllowFlag;
}

export type AllowFlag = '--allow-unmapped' | '--allow-hardcoded';

export interface ImageAccounting {
  moved: MovedImage[];
  notMoved: NotMovedImage[];
}

export interface Allowed {
  unmapped?: boolean;
  hardcoded?: boolean;
}

const ALLOW: Record<NotMovedReason, AllowFlag | undefined> = {
  'not-in-map': '--allow-unmapped',
  'not-in-lock': '--allow-unmapped',
  'hard-coded': '--allow-hardcoded',
  builtin: '--allow-hardcoded',
  'out-of-reach': '--allow-hardcoded',
  'test-only': undefined,
  'optional-not-included': undefined,
  'at-target': undefined,
};

const WORDS: Record<NotMovedReason, string> = {
  'not-in-map': 'not in the map',
  'not-in-lock': 'not in the bundle given (--lock)',
  'hard-coded': 'hard-coded (no values path)',
  builtin: "an operator's built-in default (in no manifest)",
  'out-of-reach': 'out of reach',
  'test-only': 'test-only (helm test)',
  'optional-not-included': 'optional, not included',
  'at-target': 'already at the target',
};

export function whereOf(s: ImageSource): string {
  return `${s.template} ${s.kind}/${s.name} ${s.fieldPath}`;
}

export function notMoved(source: string, reason: NotMovedReason, o: { detail?: string; where?: ImageSource | string } = {}): NotMovedImage {
  const allowedBy = ALLOW[reason];
  return {
    source,
    reason,
    ...(o.detail ? { detail: o.detail } : {}),
    ...(o.where ? { where: typeof o.where === 'string' ? o.where : whereOf(o.where) } : {}),
    outside: allowedBy !== undefined,
    ...(allowedBy ? { allowedBy } : {}),
  };
}

/** One row per image and reason (a chart that uses one image in ten places is one row). */
export function accounting(moved: readonly MovedImage[], unmoved: readonly NotMovedImage[]): ImageAccounting {
  const once = <T extends { source: string }>(xs: readonly T[], key: (x: T) => string) => [...new Map(xs.map((x) => [key(x), x])).values()];
  const bySource = (a: { source: string }, b: { source: string }) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0);
  return {
    moved: once(moved, (m) => `${m.source}\0${m.target}`).sort(bySource),
    notMoved: joinedRoutes(once(unmoved, (n) => `${n.source}\0${n.reason}\0${n.reason === 'builtin' ? (n.detail ?? '') : ''}`)).sort(bySource),
  };
}

/**
 * One row per image and reason, but an operator's built-in default that several settings each
 * override for another use (k6's runner and initializer fields, Headlamp's node shell and pod
 * debug flags) keeps each setting's route: the rows' details are joined.
 */
function joinedRoutes(rows: readonly NotMovedImage[]): NotMovedImage[] {
  const out = new Map<string, NotMovedImage>();
  for (const n of rows) {
    const k = `${n.source}\0${n.reason}`;
    const had = out.get(k);
    out.set(k, had?.detail && n.detail ? { ...had, detail: `${had.detail}; also ${n.detail}` } : n);
  }
  return [...out.values()];
}

/** The images still pulled from outside the target that no flag given accepts. */
export function blocking(a: ImageAccounting, allowed: Allowed): NotMovedImage[] {
  return a.notMoved.filter((n) => n.outside && !(n.allowedBy === '--allow-unmapped' ? allowed.unmapped : allowed.hardcoded));
}

export function accountingLines(a: ImageAccounting, indent = '  '): string[] {
  const out = [`${a.moved.length} image(s) moved, ${a.notMoved.filter((n) => n.outside).length} still pulled from outside the target`];
  for (const m of a.moved) out.push(`${indent}moved: ${m.source} -> ${m.target} (${m.by})`);
  for (const n of a.notMoved) out.push(`${indent}${n.outside ? 'NOT moved' : 'not moved'}: ${n.source}: ${reasonText(n)}`);
  return out;
}

export function reasonText(n: NotMovedImage): string {
  const where = n.where ? ` in ${n.where}` : '';
  const allow = n.allowedBy ? `; ${n.allowedBy} accepts it` : '';
  return `${WORDS[n.reason]}${n.detail ? `: ${n.detail}` : ''}${where}${allow}`;
}

export interface AccountingFailure {
  /** `values`, `kustomize`, `postrender`: the message's first word and the code's middle. */
  command: string;
  /** The next step for images the map or bundle lacks. */
  unmappedHint: string;
  /** The next step for images no rewrite of this command reaches. */
  hardcodedHint: string;
  /** The code when only images out of reach are left (the command's code from before the map reasons). */
  hardcodedCode?: string;
}

/**
 * Exit 3 (PartialResultError, the report in -o json) naming each image still pulled from outside
 * the target that the flags given do not accept; undefined when there is none.
 */
export function accountingFailure<R>(a: ImageAccounting, allowed: Allowed, report: R, f: AccountingFailure): PartialResultError<R> | undefined {
  const left = blocking(a, allowed);
  if (left.length === 0) return undefined;
  const unmapped = left.filter((n) => n.allowedBy === '--allow-unmapped');
  const items = left.map((n) => ({ item: n.source, error: reasonText(n) }));
  const upper = f.command.toUpperCase();
  return new PartialResultError(
    `${f.command}: ${left.length} image(s) would still be pulled from outside the target: ${items.map((i) => `${i.item} (${i.error})`).join('; ')}`,
    items,
    report,
    {
      code: unmapped.length > 0 ? `ERR_${upper}_UNMAPPED` : (f.hardcodedCode ?? `ERR_${upper}_HARDCODED`),
      hint: [unmapped.length > 0 ? f.unmappedHint : '', unmapped.length < left.length ? f.hardcodedHint : ''].filter(Boolean).join('; and '),
    },
  );
}
