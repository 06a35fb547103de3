// What a scan of one controller image gives and needs: the stage's types apart from the code that
// fills them, so the stage's own files import them without going through its index.
import type { CandidateHow } from './binary-candidates.js';
import type { ImageContent, ScanBounds } from './image-files.js';

/** One compiled-in image, confirmed at its source. */
export interface ImageEvidence {
  ref: string;
  /** `IMAGE:/path/in/image`: the program it was read from. */
  foundIn: string;
  how: CandidateHow;
  /** What in the program says so (a string constant, an embedded file's field, the version joined). */
  detail: string;
  /** The digest its source registry answered the HEAD with. */
  digest: string;
}

export interface ControllerScan {
  image: string;
  /** The program read, when one was. */
  entrypoint?: string;
  /** The Go release and own version the program says it was built with. */
  built?: string;
  found: ImageEvidence[];
  /** Candidates the registry does not have (or could not answer for), with why. */
  unconfirmed: { ref: string; detail: string; why: string }[];
  /** Hosted names with no tag nothing completed: the program joins references from parts at run time. */
  parts: string[];
  /** Why the image's program could not be read (nothing else is known then). */
  unread?: string;
  cost: { seconds: number; bytes: number };
}

export interface ScanDeps {
  /** Where the controller image's content is read (its registry, a bundle, an OCI layout). */
  content: (image: string) => ImageContent;
  /** The digest the reference's source registry serves for it; undefined when it has no such tag. Throws when it cannot answer. */
  confirm: (ref: string) => Promise<string | undefined>;
  bounds?: ScanBounds;
  /** At most this many HEADs for one image's candidates. */
  maxConfirms?: number;
}
