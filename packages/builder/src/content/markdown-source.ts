import type { ZodType } from 'zod';
import { BlockSchema, type Block } from '@course/contracts';
import type { ContentIssue } from '../issues.js';
import { SourceFile } from './yaml-file.js';

/** A stretch of Markdown prose and the file line it starts on. */
export interface ProseSegment {
  kind: 'prose';
  markdown: string;
  line: number;
}
/** A fenced ```block section, parsed and validated, with the file line of its fence. */
export interface BlockSegment {
  kind: 'block';
  block: Block;
  line: number;
  source: SourceFile;
}
export type SourceSegment = ProseSegment | BlockSegment;

export interface MarkdownDocument<F> {
  file: string;
  meta: F;
  segments: SourceSegment[];
}

const FENCE_OPEN = /^```block\s*$/;
const FENCE_CLOSE = /^```\s*$/;

/**
 * Reads a Markdown file with YAML front matter and fenced ```block sections (YAML inside).
 * Problems are pushed to `issues` with file and line; returns undefined when the file is unusable.
 */
export function readMarkdownDocument<F>(
  file: string,
  text: string,
  frontMatter: ZodType<F>,
  issues: ContentIssue[],
): MarkdownDocument<F> | undefined {
  const lines = text.split(/\r?\n/);
  if (lines[0] !== '---') {
    issues.push({ code: 'BLD_PARSE', file, line: 1, message: 'expected front matter: a first line "---", then the fields, then "---"' });
    return undefined;
  }
  const end = lines.indexOf('---', 1);
  if (end < 0) {
    issues.push({ code: 'BLD_PARSE', file, line: 1, message: 'the front matter is not closed: expected a line "---" after its fields' });
    return undefined;
  }
  const parsed = SourceFile.parse(file, lines.slice(1, end).join('\n'), 1);
  issues.push(...parsed.issues);
  if (parsed.issues.length) return undefined;
  const checked = parsed.source.validate(frontMatter);
  issues.push(...checked.issues);

  const segments: SourceSegment[] = [];
  let prose: string[] = [];
  let proseStart = end + 2;
  const flushProse = () => {
    if (prose.join('').trim()) segments.push({ kind: 'prose', markdown: prose.join('\n'), line: proseStart });
    prose = [];
  };
  for (let i = end + 1; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (!FENCE_OPEN.test(line)) {
      if (!prose.length) proseStart = i + 1;
      prose.push(line);
      continue;
    }
    flushProse();
    const fenceLine = i + 1;
    const close = lines.findIndex((l, j) => j > i && FENCE_CLOSE.test(l));
    if (close < 0) {
      issues.push({ code: 'BLD_PARSE', file, line: fenceLine, message: 'this ```block is never closed: expected a line ``` after its fields' });
      return undefined;
    }
    const yaml = SourceFile.parse(file, lines.slice(i + 1, close).join('\n'), fenceLine);
    issues.push(...yaml.issues);
    if (!yaml.issues.length) {
      const block = yaml.source.validate(BlockSchema);
      issues.push(...block.issues);
      if (block.value) segments.push({ kind: 'block', block: block.value, line: fenceLine, source: yaml.source });
    }
    i = close;
  }
  flushProse();
  if (checked.value === undefined) return undefined;
  if (!segments.length) {
    issues.push({ code: 'BLD_SCHEMA', file, line: end + 1, message: 'the file has no text after its front matter' });
    return undefined;
  }
  return { file, meta: checked.value, segments };
}
