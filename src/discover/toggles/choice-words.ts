// The other words a choice may take when the templates compare it with its default alone: the other
// side of a two-sided word (minecraft's `ne ... .Values.minecraftServer.eula "FALSE"`), or the names
// of the blocks beside it that its default names too (Keep's `database.type: mysql` beside its
// `database.mysql` and `database.postgres` blocks, the template `if eq .Values.database.type "mysql"`
// ... `else` the postgres image): a word no template spells, which only the values' shape gives.

import { isRecord } from '../../util/is-record.js';

const SIDES: readonly (readonly [string, string])[] = [
  ['false', 'true'],
  ['no', 'yes'],
  ['off', 'on'],
  ['disabled', 'enabled'],
];

/** The other side of a two-sided word, in its case (FALSE: TRUE), or undefined. */
function otherSide(word: string): string | undefined {
  const pair = SIDES.find((p) => p.includes(word.toLowerCase()));
  const other = pair?.find((w) => w !== word.toLowerCase());
  if (other === undefined) return undefined;
  return word === word.toUpperCase() ? other.toUpperCase() : word[0] === word[0]!.toUpperCase() ? other[0]!.toUpperCase() + other.slice(1) : other;
}

/** A block that names an image of its own: an `image` key, or a `repository` one level down. */
const holdsImage = (block: Record<string, unknown>) => 'image' in block || Object.values(block).some((v) => isRecord(v) && 'repository' in v);

/**
 * The words to try for a choice whose current word `now` is the only one the templates compare it
 * with; `parent` is the values block holding the choice. Sibling blocks count only when `now` names
 * one of them, and only those naming an image (a `type` beside `resources`/`service` blocks is no
 * choice of theirs): one render each, and only where the word picks a block with an image.
 */
export function otherWords(now: string, parent: unknown): string[] {
  const side = otherSide(now);
  if (side !== undefined) return [side];
  if (!isRecord(parent) || !isRecord(parent[now])) return [];
  return Object.entries(parent)
    .filter(([k, v]) => k !== now && isRecord(v) && holdsImage(v))
    .map(([k]) => k);
}
