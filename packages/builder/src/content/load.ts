import { existsSync, readFileSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import {
  CompetencyFrameworkSchema,
  CourseSourceSchema,
  LessonFrontMatterSchema,
  ModuleSourceSchema,
  type CompetencyFramework,
  type CourseSource,
  type LessonFrontMatter,
  type ModuleSource,
} from '@course/contracts';
import type { ZodType } from 'zod';
import { ContentInvalidError, type ContentIssue } from '../issues.js';
import { SourceFile, formatPath } from './yaml-file.js';

export interface LoadedLesson {
  file: string;
  meta: LessonFrontMatter;
  markdown: string;
}
export interface LoadedModule {
  folder: string;
  file: string;
  source: ModuleSource;
  lessons: LoadedLesson[];
}
export interface LoadedCourse {
  contentDir: string;
  course: CourseSource;
  framework: CompetencyFramework;
  modules: LoadedModule[];
}

/**
 * Reads and validates the whole course in `contentDir`. Collects every problem in every file,
 * then throws one ContentInvalidError naming each with file and line.
 */
export function loadCourse(contentDir: string): LoadedCourse {
  const issues: ContentIssue[] = [];
  const display = (abs: string) => relative(dirname(contentDir), abs) || abs;

  const readYaml = <T>(abs: string, schema: ZodType<T>) => {
    if (!existsSync(abs)) {
      issues.push({ code: 'BLD_FILE_MISSING', file: display(abs), message: 'file not found' });
      return undefined;
    }
    const parsed = SourceFile.parse(display(abs), readFileSync(abs, 'utf8'));
    issues.push(...parsed.issues);
    if (parsed.issues.length) return undefined;
    const checked = parsed.source.validate(schema);
    issues.push(...checked.issues);
    return checked.value === undefined ? undefined : { value: checked.value, source: parsed.source };
  };

  const course = readYaml(join(contentDir, 'course.yaml'), CourseSourceSchema);
  const framework = readYaml(join(contentDir, 'competencies.yaml'), CompetencyFrameworkSchema);
  const known = new Set(framework?.value.competencies.map((c) => c.id) ?? []);
  const seenIds = new Map<string, string>(); // id → where first defined

  const claimId = (id: string, where: ContentIssue) => {
    const first = seenIds.get(id);
    if (first) issues.push({ ...where, code: 'BLD_DUPLICATE_ID', message: `id "${id}" is already used at ${first}; ids must be unique in the whole course` });
    else seenIds.set(id, where.line ? `${where.file}:${where.line}` : where.file);
  };

  if (framework) {
    framework.value.competencies.forEach((c, i) => {
      const expected = `C${String(i + 1).padStart(2, '0')}`;
      if (c.id !== expected) {
        issues.push({ code: 'BLD_SCHEMA', file: framework.source.file, line: framework.source.lineOf(['competencies', i, 'id']), path: `competencies[${i}].id`, message: `expected ${expected} in this position (C01–C13 in order)` });
      }
    });
  }

  const modules: LoadedModule[] = [];
  course?.value.modules.forEach((folder, index) => {
    const moduleDir = join(contentDir, 'modules', folder);
    const moduleFile = join(moduleDir, 'module.yaml');
    if (!existsSync(moduleFile)) {
      issues.push({ code: 'BLD_FILE_MISSING', file: course.source.file, line: course.source.lineOf(['modules', index]), path: `modules[${index}]`, message: `module folder "${folder}" has no module.yaml (expected ${display(moduleFile)})` });
      return;
    }
    const loaded = readYaml(moduleFile, ModuleSourceSchema);
    if (!loaded) return;
    const { value: mod, source } = loaded;
    const at = (path: PropertyKey[]): ContentIssue => ({ code: 'BLD_SCHEMA', file: source.file, line: source.lineOf(path), path: formatPath(path), message: '' });

    claimId(mod.id, at(['id']));
    const checkCompetencies = (list: string[], path: PropertyKey[]) =>
      list.forEach((c, i) => {
        if (framework && !known.has(c)) issues.push({ ...at([...path, i]), code: 'BLD_UNKNOWN_COMPETENCY', message: `unknown competency "${c}"; expected one of ${[...known].join(', ')}` });
      });
    checkCompetencies(mod.competencies, ['competencies']);

    const lessons: LoadedLesson[] = [];
    mod.lessons.forEach((rel, i) => {
      const abs = join(moduleDir, rel);
      if (!existsSync(abs)) {
        issues.push({ ...at(['lessons', i]), code: 'BLD_FILE_MISSING', message: `lesson file "${rel}" not found (expected ${display(abs)})` });
        return;
      }
      const lesson = readLesson(display(abs), readFileSync(abs, 'utf8'), issues);
      if (lesson) {
        claimId(lesson.meta.id, { code: 'BLD_DUPLICATE_ID', file: lesson.file, line: 2, message: '' });
        lessons.push(lesson);
      }
    });

    mod.knowledgeCheck.items.forEach((item, i) => {
      const base = ['knowledgeCheck', 'items', i];
      claimId(item.id, at([...base, 'id']));
      checkCompetencies(item.competencies, [...base, 'competencies']);
      const choiceIds = item.choices.map((c) => c.id);
      choiceIds.forEach((id, j) => {
        if (choiceIds.indexOf(id) !== j) issues.push({ ...at([...base, 'choices', j, 'id']), code: 'BLD_DUPLICATE_ID', message: `choice id "${id}" appears twice in item "${item.id}"` });
      });
      if (!choiceIds.includes(item.correct)) {
        issues.push({ ...at([...base, 'correct']), code: 'BLD_ANSWER_KEY', message: `answer key "${item.correct}" matches no choice; expected one of ${choiceIds.join(', ')}` });
      }
    });
    modules.push({ folder, file: source.file, source: mod, lessons });
  });

  if (issues.length || !course || !framework) throw new ContentInvalidError(issues);
  return { contentDir, course: course.value, framework: framework.value, modules };
}

/** A lesson is Markdown with a YAML front matter block between `---` lines. */
function readLesson(file: string, text: string, issues: ContentIssue[]): LoadedLesson | undefined {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) {
    issues.push({ code: 'BLD_PARSE', file, line: 1, message: 'expected front matter: a first line "---", then "id:" and "title:", then "---"' });
    return undefined;
  }
  const parsed = SourceFile.parse(file, match[1] ?? '', 1);
  issues.push(...parsed.issues);
  if (parsed.issues.length) return undefined;
  const checked = parsed.source.validate(LessonFrontMatterSchema);
  issues.push(...checked.issues);
  if (!checked.value) return undefined;
  const markdown = text.slice(match[0].length);
  if (!markdown.trim()) {
    issues.push({ code: 'BLD_SCHEMA', file, line: match[0].split('\n').length, message: 'the lesson has no text after its front matter' });
    return undefined;
  }
  return { file, meta: checked.value, markdown };
}
