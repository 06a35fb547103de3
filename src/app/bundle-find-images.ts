// Placeholder seam until rendering lands: replaced by render + discover.
import type { ImageFinder } from './bundle-charts.js';
import { AirgapError } from '../util/errors.js';

export const findChartImages: ImageFinder = async () => {
  throw new AirgapError('rendering is not available yet');
};
