// Go's path package (slash paths) as Sprig exposes it: base, dir, clean, ext, isAbs. The os*
// variants use filepath, which on Linux is the same.
import { argString, type GoFunc } from './cast.js';

/** path.Clean: lexical processing of ., .. and repeated slashes. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const s = (rooted ? '/' : '') + out.join('/');
  return s === '' ? '.' : s;
}

export function basePath(p: string): string {
  if (p === '') return '.';
  const t = p.replace(/\/+$/, '');
  if (t === '') return '/';
  return t.slice(t.lastIndexOf('/') + 1);
}

export function dirPath(p: string): string {
  return cleanPath(p.slice(0, p.lastIndexOf('/') + 1));
}

export function extPath(p: string): string {
  for (let i = p.length - 1; i >= 0 && p[i] !== '/'; i--) if (p[i] === '.') return p.slice(i);
  return '';
}

export function pathFuncs(): Record<string, GoFunc> {
  const table: Record<string, (p: string) => unknown> = {
    base: basePath,
    dir: dirPath,
    clean: cleanPath,
    ext: extPath,
    isAbs: (p) => p.startsWith('/'),
  };
  const out: Record<string, GoFunc> = {};
  for (const [name, f] of Object.entries(table)) {
    out[name] = (p) => f(argString(p));
    out['os' + name[0]!.toUpperCase() + name.slice(1)] = (p) => f(argString(p));
  }
  return out;
}
