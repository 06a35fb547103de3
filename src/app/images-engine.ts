// The renderer `images` uses by default: our Helm-compatible engine. Kept behind this one
// function so the CLI and tests can swap it (e.g. for a helm binary).

import { AirgapError } from '../util/errors.js';
import type { RenderChart } from './images-render.js';

export const renderWithEngine: RenderChart = async () => {
  throw new AirgapError('rendering is not available yet', { code: 'ERR_NOT_IMPLEMENTED', hint: 'the template engine is still being written' });
};
