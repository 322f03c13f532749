/** One problem found in the content. Validation collects every issue, then the build fails once. */
export interface ContentIssue {
  code: ContentIssueCode;
  /** Path of the file relative to the content directory's parent (e.g. `content/modules/x/module.yaml`). */
  file: string;
  /** 1-based line in that file, when the problem has a position. */
  line?: number;
  /** Where in the file's data the problem is, e.g. `knowledgeCheck.items[0].correct`. */
  path?: string;
  message: string;
}

export type ContentIssueCode =
  | 'BLD_FILE_MISSING'
  | 'BLD_PARSE'
  | 'BLD_SCHEMA'
  | 'BLD_DUPLICATE_ID'
  | 'BLD_UNKNOWN_COMPETENCY'
  | 'BLD_ANSWER_KEY'
  | 'BLD_ASSET'
  | 'BLD_ALT_TEXT'
  | 'BLD_CITATION'
  | 'BLD_SCENARIO'
  /** A course-level part does not cover every competency (pre-assessment, final assessment banks). */
  | 'BLD_COVERAGE'
  /** A reference to something that does not exist (a related glossary term). */
  | 'BLD_REFERENCE';

export function formatIssue(issue: ContentIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  const path = issue.path ? ` (${issue.path})` : '';
  return `${where}${path}: ${issue.message} [${issue.code}]`;
}

/** Thrown when content has issues; carries every issue found. Exit code 1. */
export class ContentInvalidError extends Error {
  override name = 'ContentInvalidError';
  constructor(readonly issues: ContentIssue[]) {
    super(
      `content has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n${issues.map(formatIssue).join('\n')}`,
    );
  }
}

/** Thrown when options are wrong. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Thrown when a built package fails its own validation. Exit code 1. */
export class PackageInvalidError extends Error {
  override name = 'PackageInvalidError';
  constructor(
    readonly packageName: string,
    readonly problems: string[],
  ) {
    super(`package ${packageName} is invalid:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}
