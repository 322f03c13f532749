import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import type { ContentIssue } from '../issues.js';

/** A parsed YAML (or front matter) source that can say on which line any value stands. */
export class SourceFile {
  private constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
    /** Lines before the YAML starts in the file (front matter delimiter). */
    private readonly lineOffset: number,
  ) {}

  static parse(file: string, text: string, lineOffset = 0): { source: SourceFile; issues: ContentIssue[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    const source = new SourceFile(file, doc, lines, lineOffset);
    const issues: ContentIssue[] = doc.errors.map((e) => ({
      code: 'BLD_PARSE',
      file,
      line: (e.linePos?.[0]?.line ?? 1) + lineOffset,
      message: `YAML syntax: ${e.message.split('\n')[0]}`,
    }));
    return { source, issues };
  }

  data(): unknown {
    return this.doc.toJS();
  }

  /** Line of the value at `path`, or of the nearest ancestor that exists. */
  lineOf(path: readonly PropertyKey[]): number {
    let node: unknown = this.doc.contents;
    let offset = (node as Node | null)?.range?.[0] ?? 0;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value;
        if ((node as Node | null)?.range && !isMap(node) && !isSeq(node)) offset = (node as Node).range![0];
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key];
        if (!item) break;
        node = item;
        offset = (item as Node).range?.[0] ?? offset;
      } else break;
    }
    return this.lines.linePos(offset).line + this.lineOffset;
  }

  /** Validates against a schema; every schema problem becomes an issue with its line. */
  validate<S extends z.ZodType>(schema: S): { value?: z.infer<S>; issues: ContentIssue[] } {
    const result = schema.safeParse(this.data());
    if (result.success) return { value: result.data, issues: [] };
    return { issues: flattenIssues(result.error.issues).map((i) => this.toIssue(i)) };
  }

  /** Validates the value at `path` (e.g. one item of a list), so one bad entry hides no others. */
  validateAt<S extends z.ZodType>(schema: S, path: PropertyKey[]): { value?: z.infer<S>; issues: ContentIssue[] } {
    let value: unknown = this.data();
    for (const key of path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
    const result = schema.safeParse(value);
    if (result.success) return { value: result.data, issues: [] };
    return { issues: flattenIssues(result.error.issues).map((i) => this.toIssue({ ...i, path: [...path, ...i.path] })) };
  }

  private toIssue(i: z.core.$ZodIssue): ContentIssue {
    const path = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]!] : i.path;
    return { code: 'BLD_SCHEMA', file: this.file, line: this.lineOf(path), path: formatPath(i.path), message: describeZodIssue(i) };
  }
}

/**
 * A union that fails reports one issue per branch; the branch with the fewest problems is almost
 * always the one the author meant, so report its problems (with full paths) instead.
 */
function flattenIssues(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || !issue.errors.length) return [issue];
    const best = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
    return flattenIssues(best.map((sub) => ({ ...sub, path: [...issue.path, ...sub.path] })));
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? String(k) : `.${String(k)}`))
    .join('');
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    const got = (issue as { input?: unknown }).input;
    return got === undefined ? `missing; expected ${issue.expected}` : `expected ${issue.expected}`;
  }
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`;
  if (issue.code === 'invalid_union') {
    const options = (issue as { options?: unknown[] }).options;
    return options?.length ? `unknown type; expected one of ${options.join(', ')}` : 'does not match any allowed form';
  }
  return issue.message;
}
