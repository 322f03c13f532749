import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { z, type ZodType } from 'zod';
import {
  CaseStudyFrontMatterSchema,
  CompetencyFrameworkSchema,
  CourseSourceSchema,
  ITEM_TYPES,
  ItemSchema,
  LessonFrontMatterSchema,
  ModuleSourceSchema,
  ScenarioSourceSchema,
  CERTIFICATE_PLACEHOLDERS,
  CertificateSourceSchema,
  GlossarySourceSchema,
  ResourcesSourceSchema,
  type Block,
  type CertificateSource,
  type GlossarySource,
  type ResourcesSource,
  type CaseStudyFrontMatter,
  type CompetencyFramework,
  type CourseSource,
  type Item,
  type LessonFrontMatter,
  type ModuleSource,
  type ScenarioSource,
} from '@course/contracts';
import { ContentInvalidError, type ContentIssue } from '../issues.js';
import { checkBlock, checkItem, checkProse, checkScenario, type At } from './checks.js';
import { readMarkdownDocument, type MarkdownDocument } from './markdown-source.js';
import { SourceFile, formatPath } from './yaml-file.js';

export interface LoadedModule {
  folder: string;
  dir: string;
  file: string;
  source: ModuleSource;
  lessons: MarkdownDocument<LessonFrontMatter>[];
  caseStudy?: MarkdownDocument<CaseStudyFrontMatter>;
  scenario?: ScenarioSource;
  knowledgeCheck: Item[];
}
export interface LoadedPreAssessment {
  title: string;
  introduction: string;
  items: Item[];
}
export interface LoadedFinalAssessment {
  title: string;
  introduction: string;
  drawPerCompetency: number;
  banks: { competency: string; items: Item[] }[];
}
export interface LoadedCourse {
  contentDir: string;
  course: CourseSource;
  framework: CompetencyFramework;
  modules: LoadedModule[];
  /** Course-level parts; absent when course.yaml names no file for them, or with `onlyModules`. */
  preAssessment?: LoadedPreAssessment;
  finalAssessment?: LoadedFinalAssessment;
  glossary?: GlossarySource;
  resources?: ResourcesSource;
  certificate?: CertificateSource;
}
export interface LoadOptions {
  /** Validate only these module folders (course.yaml's list is ignored). */
  onlyModules?: string[];
}

/** The file's shape; its items are validated one by one. */
const KnowledgeCheckFileSchema = z.strictObject({ items: z.array(z.unknown()).min(1, 'at least one item') });
const PreAssessmentFileSchema = z.strictObject({
  title: z.string().trim().min(1),
  introduction: z.string().trim().min(1),
  items: z.array(z.unknown()).min(1, 'at least one item'),
});
const FinalAssessmentFileSchema = z.strictObject({
  title: z.string().trim().min(1),
  introduction: z.string().trim().min(1),
  drawPerCompetency: z.number().int().min(1).max(10),
  banks: z
    .array(z.strictObject({ competency: z.string(), items: z.array(z.unknown()).min(1, 'at least one item') }))
    .min(1),
});

const isItem = (b: Block): b is Item => (ITEM_TYPES as string[]).includes(b.type);

/**
 * Reads and validates the whole course in `contentDir`. Collects every problem in every file,
 * then throws one ContentInvalidError naming each with file, line and what was expected.
 */
export function loadCourse(contentDir: string, options: LoadOptions = {}): LoadedCourse {
  const issues: ContentIssue[] = [];
  const display = (abs: string) => relative(dirname(contentDir), abs) || abs;

  const readYaml = <T>(abs: string, schema: ZodType<T>, missing?: ContentIssue) => {
    if (!existsSync(abs)) {
      issues.push(missing ?? { code: 'BLD_FILE_MISSING', file: display(abs), message: 'file not found' });
      return undefined;
    }
    const parsed = SourceFile.parse(display(abs), readFileSync(abs, 'utf8'));
    issues.push(...parsed.issues);
    if (parsed.issues.length) return undefined;
    const checked = parsed.source.validate(schema);
    issues.push(...checked.issues);
    return checked.value === undefined ? undefined : { value: checked.value, source: parsed.source };
  };
  const atIn =
    (source: SourceFile, base: PropertyKey[] = []): At =>
    (path, code, message) => ({ code, file: source.file, line: source.lineOf([...base, ...path]), path: formatPath([...base, ...path]), message });

  const course = readYaml(join(contentDir, 'course.yaml'), CourseSourceSchema);
  const framework = readYaml(join(contentDir, 'competencies.yaml'), CompetencyFrameworkSchema);
  const known = new Set(framework?.value.competencies.map((c) => c.id) ?? []);
  const seenIds = new Map<string, string>();
  const claimId = (id: string, issue: ContentIssue) => {
    const first = seenIds.get(id);
    if (first) issues.push({ ...issue, code: 'BLD_DUPLICATE_ID', message: `id "${id}" is already used at ${first}; ids must be unique in the whole course` });
    else seenIds.set(id, issue.line ? `${issue.file}:${issue.line}` : issue.file);
  };
  const checkCompetencies = (list: readonly string[], at: At, path: PropertyKey[]) => {
    if (!framework) return;
    list.forEach((c, i) => {
      if (!known.has(c)) issues.push(at([...path, i], 'BLD_UNKNOWN_COMPETENCY', `unknown competency "${c}"; expected one of ${[...known].join(', ')}`));
    });
  };

  if (framework) {
    framework.value.competencies.forEach((c, i) => {
      const expected = `C${String(i + 1).padStart(2, '0')}`;
      if (c.id !== expected) issues.push(atIn(framework.source)(['competencies', i, 'id'], 'BLD_SCHEMA', `expected ${expected} in this position (C01–C13 in order)`));
    });
  }

  /** Blocks of a lesson or case study: ids, competencies, answer keys, assets. */
  const checkDocument = (doc: MarkdownDocument<{ id: string }>, moduleDir: string) => {
    claimId(doc.meta.id, { code: 'BLD_DUPLICATE_ID', file: doc.file, line: 2, message: '' });
    for (const seg of doc.segments) {
      if (seg.kind === 'prose') {
        issues.push(...checkProse(seg.markdown, seg.line, doc.file, moduleDir));
        continue;
      }
      const at = atIn(seg.source);
      const block = seg.block;
      if ('id' in block) claimId(block.id, at(['id'], 'BLD_DUPLICATE_ID', ''));
      if (isItem(block)) {
        checkCompetencies(block.competencies, at, ['competencies']);
        issues.push(...checkItem(block, at));
      }
      issues.push(...checkBlock(block, at, moduleDir));
    }
  };

  const folders = options.onlyModules ?? course?.value.modules ?? [];
  const modules: LoadedModule[] = [];
  folders.forEach((folder, index) => {
    const dir = join(contentDir, 'modules', folder);
    const moduleFile = join(dir, 'module.yaml');
    const missing: ContentIssue =
      course && !options.onlyModules
        ? { ...atIn(course.source)(['modules', index], 'BLD_FILE_MISSING', `module folder "${folder}" has no module.yaml (expected ${display(moduleFile)})`) }
        : { code: 'BLD_FILE_MISSING', file: display(moduleFile), message: 'file not found' };
    const loaded = readYaml(moduleFile, ModuleSourceSchema, missing);
    if (!loaded) return;
    const { value: mod, source } = loaded;
    const at = atIn(source);
    claimId(mod.id, at(['id'], 'BLD_DUPLICATE_ID', ''));
    checkCompetencies(mod.competencies, at, ['competencies']);

    const fileAt = (rel: string, path: PropertyKey[], what: string): string | undefined => {
      const abs = join(dir, rel);
      if (existsSync(abs)) return abs;
      issues.push(at(path, 'BLD_FILE_MISSING', `${what} file "${rel}" not found (expected ${display(abs)})`));
      return undefined;
    };

    const lessons: MarkdownDocument<LessonFrontMatter>[] = [];
    mod.lessons.forEach((rel, i) => {
      const abs = fileAt(rel, ['lessons', i], 'lesson');
      if (!abs) return;
      const doc = readMarkdownDocument(display(abs), readFileSync(abs, 'utf8'), LessonFrontMatterSchema, issues);
      if (!doc) return;
      checkDocument(doc, dir);
      lessons.push(doc);
    });

    let caseStudy: MarkdownDocument<CaseStudyFrontMatter> | undefined;
    if (mod.caseStudy) {
      const abs = fileAt(mod.caseStudy, ['caseStudy'], 'case study');
      const doc = abs && readMarkdownDocument(display(abs), readFileSync(abs, 'utf8'), CaseStudyFrontMatterSchema, issues);
      if (doc) {
        checkDocument(doc, dir);
        if (!doc.meta.illustrative && !doc.meta.sources.length) {
          issues.push({ code: 'BLD_CITATION', file: doc.file, line: 2, message: 'a case about real events (illustrative: false) lists its public sources under "sources"' });
        }
        caseStudy = doc;
      }
    }

    let scenario: ScenarioSource | undefined;
    if (mod.scenario) {
      const abs = fileAt(mod.scenario, ['scenario'], 'scenario');
      const s = abs && readYaml(abs, ScenarioSourceSchema);
      if (s) {
        const sat = atIn(s.source);
        claimId(s.value.id, sat(['id'], 'BLD_DUPLICATE_ID', ''));
        s.value.nodes.forEach((n, i) => claimId(n.id, sat(['nodes', i, 'id'], 'BLD_DUPLICATE_ID', '')));
        checkCompetencies(s.value.competencies, sat, ['competencies']);
        issues.push(...checkScenario(s.value, sat).filter((i) => i.code !== 'BLD_DUPLICATE_ID' || !i.message.startsWith('node id')));
        scenario = s.value;
      }
    }

    const knowledgeCheck: Item[] = [];
    const kcAbs = fileAt(mod.knowledgeCheck, ['knowledgeCheck'], 'knowledge check');
    const kc = kcAbs ? readYaml(kcAbs, KnowledgeCheckFileSchema) : undefined;
    kc?.value.items.forEach((_item, i) => {
      // Each item on its own, so that one malformed item hides none of the others' problems.
      const checked = kc.source.validateAt(ItemSchema, ['items', i]);
      issues.push(...checked.issues);
      const item = checked.value;
      if (!item) return;
      const iat = atIn(kc.source, ['items', i]);
      claimId(item.id, iat(['id'], 'BLD_DUPLICATE_ID', ''));
      checkCompetencies(item.competencies, iat, ['competencies']);
      issues.push(...checkItem(item, iat));
      knowledgeCheck.push(item);
    });
    modules.push({ folder, dir, file: source.file, source: mod, lessons, caseStudy, scenario, knowledgeCheck });
  });

  /** Items of a course-level file, each validated on its own like a knowledge check's. */
  const readItems = (src: SourceFile, base: PropertyKey[], count: number): Item[] => {
    const items: Item[] = [];
    for (let i = 0; i < count; i++) {
      const checked = src.validateAt(ItemSchema, [...base, i]);
      issues.push(...checked.issues);
      const item = checked.value;
      if (!item) continue;
      const iat = atIn(src, [...base, i]);
      claimId(item.id, iat(['id'], 'BLD_DUPLICATE_ID', ''));
      checkCompetencies(item.competencies, iat, ['competencies']);
      issues.push(...checkItem(item, iat));
      items.push(item);
    }
    return items;
  };
  const courseFile = (key: 'preAssessment' | 'finalAssessment' | 'glossary' | 'resources' | 'certificate') => {
    const rel = course?.value[key];
    if (!rel || options.onlyModules || !course) return undefined;
    const abs = join(contentDir, rel);
    if (existsSync(abs)) return abs;
    issues.push(atIn(course.source)([key], 'BLD_FILE_MISSING', `${key} file "${rel}" not found (expected ${display(abs)})`));
    return undefined;
  };
  const frameworkIds = framework?.value.competencies.map((c) => c.id) ?? [];

  let preAssessment: LoadedPreAssessment | undefined;
  const preAbs = courseFile('preAssessment');
  const pre = preAbs ? readYaml(preAbs, PreAssessmentFileSchema) : undefined;
  if (pre) {
    const items = readItems(pre.source, ['items'], pre.value.items.length);
    const covered = new Set(items.flatMap((i) => i.competencies));
    const missing = frameworkIds.filter((c) => !covered.has(c));
    if (missing.length)
      issues.push(atIn(pre.source)(['items'], 'BLD_COVERAGE', `the pre-assessment must tell the learner where to focus on every competency; no item assesses ${missing.join(', ')}`));
    preAssessment = { title: pre.value.title, introduction: pre.value.introduction, items };
  }

  let finalAssessment: LoadedFinalAssessment | undefined;
  const finAbs = courseFile('finalAssessment');
  const fin = finAbs ? readYaml(finAbs, FinalAssessmentFileSchema) : undefined;
  if (fin) {
    const fat = atIn(fin.source);
    const banks = fin.value.banks.map((bank, b) => {
      checkCompetencies([bank.competency], fat, ['banks', b, 'competency']);
      const items = readItems(fin.source, ['banks', b, 'items'], bank.items.length);
      items.forEach((item, i) => {
        if (!item.competencies.includes(bank.competency as Item['competencies'][number]))
          issues.push(fat(['banks', b, 'items', i, 'competencies'], 'BLD_SCHEMA', `an item in the ${bank.competency} bank must name ${bank.competency} among its competencies`));
      });
      if (bank.items.length < fin.value.drawPerCompetency)
        issues.push(fat(['banks', b, 'items'], 'BLD_COVERAGE', `the ${bank.competency} bank has ${bank.items.length} item(s) but ${fin.value.drawPerCompetency} are drawn per attempt`));
      return { competency: bank.competency, items };
    });
    const seen = new Set<string>();
    fin.value.banks.forEach((bank, b) => {
      if (seen.has(bank.competency)) issues.push(fat(['banks', b, 'competency'], 'BLD_DUPLICATE_ID', `a second bank for ${bank.competency}; one bank per competency`));
      seen.add(bank.competency);
    });
    const missing = frameworkIds.filter((c) => !seen.has(c));
    if (missing.length) issues.push(fat(['banks'], 'BLD_COVERAGE', `the final assessment covers every competency; no bank for ${missing.join(', ')}`));
    finalAssessment = { title: fin.value.title, introduction: fin.value.introduction, drawPerCompetency: fin.value.drawPerCompetency, banks };
  }

  let glossary: GlossarySource | undefined;
  const gloAbs = courseFile('glossary');
  const glo = gloAbs ? readYaml(gloAbs, GlossarySourceSchema) : undefined;
  if (glo) {
    const gat = atIn(glo.source);
    const ids = new Set<string>();
    const names = new Map<string, number>();
    glo.value.terms.forEach((t, i) => {
      if (ids.has(t.id)) issues.push(gat(['terms', i, 'id'], 'BLD_DUPLICATE_ID', `glossary id "${t.id}" is used twice`));
      ids.add(t.id);
      for (const [j, name] of [t.term, ...t.aliases].entries()) {
        const key = name.toLowerCase();
        const first = names.get(key);
        if (first !== undefined)
          issues.push(gat(['terms', i, j === 0 ? 'term' : 'aliases'], 'BLD_DUPLICATE_ID', `"${name}" already names glossary term ${glo.value.terms[first]!.id}; a word links to one entry only`));
        else names.set(key, i);
      }
    });
    glo.value.terms.forEach((t, i) =>
      t.related.forEach((r, j) => {
        if (!ids.has(r)) issues.push(gat(['terms', i, 'related', j], 'BLD_REFERENCE', `related term "${r}" is not in the glossary`));
      }),
    );
    glossary = glo.value;
  }

  const resAbs = courseFile('resources');
  const resources = resAbs ? readYaml(resAbs, ResourcesSourceSchema)?.value : undefined;

  let certificate: CertificateSource | undefined;
  const certAbs = courseFile('certificate');
  const cert = certAbs ? readYaml(certAbs, CertificateSourceSchema) : undefined;
  if (cert) {
    for (const [, name] of cert.value.body.matchAll(/\{([^{}\s]*)\}/g)) {
      if (!(CERTIFICATE_PLACEHOLDERS as readonly string[]).includes(name!))
        issues.push(atIn(cert.source)(['body'], 'BLD_SCHEMA', `unknown placeholder {${name}}; expected ${CERTIFICATE_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`));
    }
    certificate = cert.value;
  }

  if (issues.length || !course || !framework) throw new ContentInvalidError(issues);
  return {
    contentDir,
    course: course.value,
    framework: framework.value,
    modules,
    ...(preAssessment ? { preAssessment } : {}),
    ...(finalAssessment ? { finalAssessment } : {}),
    ...(glossary ? { glossary } : {}),
    ...(resources ? { resources } : {}),
    ...(certificate ? { certificate } : {}),
  };
}
