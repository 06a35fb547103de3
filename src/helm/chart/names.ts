// Names that become paths and Kubernetes names, checked as Helm checks them wherever we read them
// (Chart.yaml in archives and folders, --name and release names in flags, spec files and locks):
// a name like "../../tmp/x" must never reach the file system.
import { ChartError, UsageError } from '../../util/errors.js';

/** Helm's release name rule (action.ValidateReleaseName): a DNS-1123 subdomain of at most 53. */
const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_RELEASE_NAME = 53;

export function isValidReleaseName(name: string): boolean {
  return name.length <= MAX_RELEASE_NAME && RELEASE_NAME.test(name);
}

/** Throws a usage error naming where the release name came from. */
export function checkReleaseName(name: string, where = 'release name'): void {
  if (!isValidReleaseName(name)) {
    throw new UsageError(
      `${where} ${JSON.stringify(name)}: invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than ${MAX_RELEASE_NAME}`,
      {
        hint: 'use lower-case letters, digits, "-" and "." (as helm requires)',
      },
    );
  }
}

/**
 * Helm's chart name rule (Metadata.Validate): the name is its own base name, so it names one
 * folder and never a path. "." and ".." are refused too: they are folders, not names.
 */
export function isValidChartName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\]/.test(name) && !name.includes('\0');
}

export function checkChartName(name: string, where: string): void {
  if (!isValidChartName(name)) {
    throw new ChartError(`${where}: validation: chart.metadata.name ${JSON.stringify(name)} is invalid`, {
      hint: 'a chart name is a single folder name (no "/" or "..")',
    });
  }
}
