// What a push does to a tag that already holds other content; the same content is always success.
// A module of its own so the push command's flags can name the choices without loading the push.
import { AirgapError } from '../../util/errors.js';

export type OnExistingTag = 'overwrite' | 'skip' | 'fail';
export const ON_EXISTING_TAG: readonly OnExistingTag[] = ['overwrite', 'skip', 'fail'];

/** A tag holding other content, under --on-existing-tag fail (or kept under skip). */
export class ExistingTagError extends AirgapError {
  constructor(target: string, held: string, wanted: string) {
    super(`${target}: the tag already holds ${held}, the bundle has ${wanted}`, {
      code: 'ERR_EXISTING_TAG',
      hint: 'push with --on-existing-tag overwrite to replace it, or under another --registry prefix',
    });
  }
}
