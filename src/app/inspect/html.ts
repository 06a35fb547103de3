// `inspect --html`: one self-contained page a reviewer opens on the isolated side (no network,
// no script, styles inline): the charts, every image with its size and platforms and the
// chart/template/values path that brought it and who signed it (as verified at bundle time),
// optional images with their toggles, and what a --include-optional bundle left out. Pure: the report and the lock in, HTML out.
import type { BundleLock, LockedImage, LockedImageSite, LockedSignature } from '../../bundle/lock.js';
import { humanSize } from '../../oci/copy-graph.js';
import type { InspectReport, InspectedImage } from './inspect.js';
import { diffAgainstBase } from './base-diff.js';

const esc = (s: string | number | undefined): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;background:#fff}
h1{font-size:1.4rem;margin:0 0 .25rem} h2{font-size:1.1rem;margin:2rem 0 .5rem}
.meta{color:#57606a;margin:0 0 1rem} .totals span{display:inline-block;margin-right:1.5rem;font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5rem 0} th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa} td.num{text-align:right;white-space:nowrap} code{font:12px ui-monospace,monospace;word-break:break-all}
.tag{display:inline-block;border-radius:.6rem;padding:0 .45rem;font-size:12px;margin:0 .2rem .2rem 0;background:#ddf4ff}
.tag.off{background:#eaeef2;color:#57606a;text-decoration:line-through} .tag.optional{background:#fff8c5} .warn{color:#9a6700;font-weight:600}
.signer{color:#1a7f37;font-weight:600} .unsigned{color:#57606a}
ul{margin:0;padding-left:1.1rem}`;

export function renderInspectHtml(r: InspectReport, lock?: BundleLock): string {
  const byDigest = new Map(r.images.map((i) => [i.digest, i]));
  const title = `helm-airgap bundle ${r.path}`;
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${esc(r.path)}</h1>`,
    `<p class="meta">${esc(r.kind === 'archive' ? 'bundle archive' : 'OCI layout')}${lock ? ` made by ${esc(lock.createdBy)} at ${esc(lock.createdAt)}` : ''}${lock?.platforms.length ? `, platforms ${esc(lock.platforms.join(', '))}` : ''}</p>`,
    `<p class="totals"><span>${r.totals.charts} chart(s)</span><span>${r.totals.images} image(s)</span><span>${r.totals.blobs} unique blob(s)</span><span>${esc(humanSize(r.totals.bytes))}${r.totals.fileBytes !== undefined ? ` (file ${esc(humanSize(r.totals.fileBytes))})` : ''}</span></p>`,
  ];
  const diff = lock ? diffAgainstBase(lock) : undefined;
  if (diff) {
    const rows = [
      ...diff.new.map((r) => `<tr><td>new</td><td><code>${esc(r)}</code></td></tr>`),
      ...diff.changed.map((c) => `<tr><td>changed</td><td><code>${esc(c.from)}</code> → <code>${esc(c.to)}</code></td></tr>`),
      ...diff.removed.map((r) => `<tr><td>removed</td><td><code>${esc(r)}</code></td></tr>`),
    ];
    parts.push(
      `<h2>Differential bundle</h2><p class="meta">over a base made ${esc(diff.base.createdAt)} (lock <code>${esc(diff.base.lockDigest)}</code>), which the target must hold; ${diff.unchanged} image(s) unchanged</p>`,
      `<table id="base-diff"><thead><tr><th>change</th><th>image</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
    );
  }
  if (lock) {
    parts.push(chartsTable(lock), imagesTable(lock, byDigest));
    const optional = lock.images.filter((i) => i.need === 'optional');
    if (optional.length)
      parts.push(`<h2>Optional images (${optional.length})</h2>`, togglesTable(optional.map((i) => ({ ref: i.ref, sites: i.sites, carried: true }))));
    if (lock.notBundled.length)
      parts.push(
        `<h2>Optional images not carried (${lock.notBundled.length})</h2><p class="meta">bundle again with --include-optional to carry them</p>`,
        togglesTable(lock.notBundled.map((i) => ({ ref: i.ref, sites: i.sites, carried: false }))),
      );
    if (lock.catalog?.length)
      parts.push(
        `<h2>Operator catalog files of the user's (${lock.catalog.length})</h2><p class="meta">entries discovery used besides the built-in catalog (--catalog, airgap.yaml catalog:)</p>`,
        `<table id="catalog"><thead><tr><th>file</th><th>operator</th><th>sha256</th></tr></thead><tbody>${lock.catalog
          .map((c) => `<tr><td><code>${esc(c.file)}</code></td><td>${esc(c.operator)}</td><td><code>${esc(c.digest)}</code></td></tr>`)
          .join('')}</tbody></table>`,
      );
  } else {
    parts.push(layoutTable(r.images));
  }
  const missing = r.images.filter((i) => i.missing.length > 0);
  if (missing.length)
    parts.push(
      `<h2 class="warn">Missing blobs</h2><ul>${missing.map((i) => `<li><code>${esc(i.name ?? i.digest)}</code>: ${i.missing.length} blob(s)</li>`).join('')}</ul>`,
    );
  parts.push('</body></html>\n');
  return parts.join('\n');
}

function chartsTable(lock: BundleLock): string {
  const rows = lock.charts.map(
    (c) =>
      `<tr><td>${esc(c.name)}</td><td>${esc(c.version)}</td><td>${esc(c.appVersion)}</td><td>${esc(c.releaseName)}</td><td>${esc(c.namespace)}</td><td><code>${esc(c.source.repo ?? c.source.ref ?? c.source.path)}</code></td><td>${signedBy(c.signatures, lock)}</td><td><code>${esc(c.digest)}</code></td></tr>`,
  );
  return `<h2>Charts (${lock.charts.length})</h2><table id="charts"><thead><tr><th>chart</th><th>version</th><th>app version</th><th>release</th><th>namespace</th><th>source</th><th>signed by</th><th>archive digest</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function imagesTable(lock: BundleLock, byDigest: Map<string, InspectedImage>): string {
  const images: readonly LockedImage[] = lock.images;
  const rows = images.map((i) => {
    const seen = byDigest.get(i.digest);
    const platforms = (seen?.platforms ?? []).filter((p) => !p.attestation);
    const tags = platforms.length
      ? platforms
          .map((p) => `<span class="tag${p.present ? '' : ' off'}" title="${p.present ? 'carried' : 'left out by --platform'}">${esc(p.platform)}</span>`)
          .join('')
      : '<span class="tag">single manifest</span>';
    const need = i.need === 'certain' ? '' : `<span class="tag optional">${esc(i.need)}</span>`;
    return `<tr><td><code>${esc(i.ref)}</code>${need}</td><td class="num">${esc(humanSize(seen?.size ?? i.size))}</td><td>${tags}</td><td>${sitesList(i.sites)}</td><td>${signedBy(i.signatures, lock)}</td><td><code>${esc(i.digest)}</code></td></tr>`;
  });
  return `<h2>Images (${images.length})</h2><table id="images"><thead><tr><th>image</th><th>size</th><th>platforms</th><th>brought by (chart, template, field, values)</th><th>signed by</th><th>digest</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Who signed it, as verified at bundle time: a key's fingerprint or a certificate's identity and issuer, when it was logged, the policy entry that asked. */
function signedBy(signatures: readonly LockedSignature[] | undefined, lock: BundleLock): string {
  if (!signatures?.length)
    return lock.signaturePolicy
      ? '<span class="unsigned">no signature required by the policy</span>'
      : '<span class="unsigned">not checked (bundled without a signature policy)</span>';
  const items = signatures.map((s) => {
    const who = s.keyFingerprint ? `key <code>${esc(s.keyFingerprint)}</code>` : `<code>${esc(s.identity)}</code> issued by <code>${esc(s.issuer)}</code>`;
    const logged = s.integratedTime ? `, logged ${esc(s.integratedTime)}${s.logIndex !== undefined ? ` (index ${esc(s.logIndex)})` : ''}` : '';
    return `<li><span class="signer">${who}</span>${logged} — ${esc(s.format)} <code>${esc(s.digest)}</code>, policy <code>${esc(s.policy)}</code></li>`;
  });
  return `<ul class="signatures">${items.join('')}</ul>`;
}

function sitesList(sites: readonly LockedImageSite[]): string {
  if (sites.length === 0) return '<span class="meta">named in the bundle spec</span>';
  const items = sites.map((s) => {
    const values = s.valuesPaths.length ? ` — values <code>${esc(s.valuesPaths.join(', '))}</code>` : ' — hard-coded';
    return `<li>${esc(s.chart)}: <code>${esc(s.template)}</code> ${esc(s.kind)}/${esc(s.name)} <code>${esc(s.fieldPath)}</code>${values}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

function togglesTable(rows: { ref: string; sites: readonly LockedImageSite[]; carried: boolean }[]): string {
  const body = rows.map((r) => {
    const toggles = [...new Set(r.sites.map((s) => s.toggle).filter((t): t is string => Boolean(t)))];
    return `<tr><td><code>${esc(r.ref)}</code></td><td>${toggles.map((t) => `<code>${esc(t)}</code>`).join('<br>') || '—'}</td><td>${r.carried ? 'carried' : 'not carried'}</td></tr>`;
  });
  return `<table class="toggles"><thead><tr><th>image</th><th>turned on by</th><th>in this bundle</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

function layoutTable(images: readonly InspectedImage[]): string {
  const rows = images.map(
    (i) =>
      `<tr><td><code>${esc(i.name ?? '(unnamed)')}</code></td><td class="num">${esc(humanSize(i.size))}</td><td>${i.platforms.map((p) => `<span class="tag${p.present ? '' : ' off'}">${esc(p.platform)}</span>`).join('')}</td><td><code>${esc(i.digest)}</code></td></tr>`,
  );
  return `<h2>Images (${images.length})</h2><table id="images"><thead><tr><th>image</th><th>size</th><th>platforms</th><th>digest</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
