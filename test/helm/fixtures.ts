// Paths of the fixture charts the helm tests use (fixtures/charts, written by this project).
import { fileURLToPath } from 'node:url';

export const FIXTURE_CHARTS = fileURLToPath(new URL('../../fixtures/charts/', import.meta.url));
export const fixtureChart = (name: string): string => FIXTURE_CHARTS + name;
