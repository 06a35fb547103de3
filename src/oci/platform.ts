// Platforms as "os/arch[/variant]" and the matching rule for --platform filters.
import { UsageError } from '../util/errors.js';
import type { Platform } from './content.js';

// Variants a platform has when it names none (containerd's normalisation).
const DEFAULT_VARIANT: Record<string, string> = { arm64: 'v8', arm: 'v7' };

/** Parses "linux/amd64,linux/arm64/v8" (comma separated, blanks ignored). */
export function parsePlatforms(list: string): Platform[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parsePlatform);
}

export function parsePlatform(s: string): Platform {
  const parts = s.trim().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9._-]+$/i.test(p))) {
    throw new UsageError(`invalid platform ${JSON.stringify(s)}`, { hint: 'write platforms as os/arch[/variant], e.g. linux/amd64,linux/arm64/v8' });
  }
  const [os, architecture, variant] = parts.map((p) => p.toLowerCase());
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(p: Platform | undefined): string {
  if (!p) return 'unknown';
  return [p.os, p.architecture, p.variant].filter((x) => x !== undefined && x !== '').join('/');
}

/** True when `have` satisfies `want`: same os and arch; a variant in `want` must agree. */
export function matchPlatform(have: Platform | undefined, want: Platform): boolean {
  if (!have || have.os !== want.os || have.architecture !== want.architecture) return false;
  if (want.variant === undefined) return true;
  const hv = have.variant ?? DEFAULT_VARIANT[have.architecture];
  return hv === want.variant;
}

export function matchAnyPlatform(have: Platform | undefined, wants: Platform[]): boolean {
  return wants.some((w) => matchPlatform(have, w));
}
