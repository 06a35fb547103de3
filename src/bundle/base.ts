// `bundle --since PREVIOUS`: what the previous bundle holds, so the new one carries only the rest.
// PREVIOUS is a bundle (tarball, parts, folder) or its airgap-lock.json; a lock records its
// full content list, and a lock alone is enough when it has one.
import { ArchiveReader } from '../layout/archive-reader.js';
import { LayoutStore } from '../layout/layout-store.js';
import { ArchiveError } from '../util/errors.js';
import { type BundleBase } from './lock.js';
import { lockDigest } from './lock-binding.js';
import { openBundle, readBundleLock } from './open.js';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface BundleBaseContent {
  base: BundleBase;
  /** Every digest the base stands for. */
  digests: Set<string>;
}

export async function readBundleBase(path: string): Promise<BundleBaseContent> {
  const lock = await readBundleLock(path);
  const base: BundleBase = {
    lockDigest: lockDigest(lock),
    createdAt: lock.createdAt,
    images: lock.images.map((i) => ({ ref: i.ref, digest: i.digest })),
    charts: lock.charts.map((c) => ({ name: c.name, version: c.version })),
  };
  if (lock.content) return { base, digests: new Set(lock.content) };
  if (path.endsWith('.json'))
    throw new ArchiveError(`--since ${path}: this lock has no content list (made before helm-airgap recorded one)`, {
      hint: 'give the previous bundle itself (.tar, its parts or its folder) instead of its lock',
    });
  const bundle = await openBundle(path);
  try {
    return { base, digests: new Set(await storeDigests(bundle.store)) };
  } finally {
    await bundle.close();
  }
}

async function storeDigests(store: unknown): Promise<string[]> {
  if (store instanceof ArchiveReader)
    return store
      .entries()
      .filter((e) => e.type === 'file' && /^blobs\/sha256\/[a-f0-9]{64}$/.test(e.name))
      .map((e) => `sha256:${e.name.slice('blobs/sha256/'.length)}`);
  if (store instanceof LayoutStore)
    return (await readdir(join(store.dir, 'blobs', 'sha256'))).filter((n) => /^[a-f0-9]{64}$/.test(n)).map((n) => `sha256:${n}`);
  return [];
}
