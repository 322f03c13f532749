export {
  buildPackages,
  DEFAULT_FORMATS,
  DEFAULT_PLAYER_DIR,
  FORMATS,
  PLAYER_JS_BUDGET,
  playerScriptSize,
  SIZE_BUDGET,
} from './build.js';
export type { BuildOptions, BuiltPackage, PackageFormat, PlayerScriptSize } from './build.js';
export { loadCourse } from './content/load.js';
export { toCourseBundle } from './content/normalize.js';
export {
  checkCmi5Package,
  checkScormPackage,
  checkTincanPackage,
  isAbsoluteIri,
} from './validate-package.js';
export { ContentInvalidError, PackageInvalidError, UsageError, formatIssue } from './issues.js';
export type { ContentIssue } from './issues.js';
export { courseStats, moduleStats, countWords, formatStats } from './content/stats.js';
export type { CourseStats, ModuleStats } from './content/stats.js';
