import { INTERACTIVE_BLOCK_TYPES, ITEM_TYPES, type Item } from '@course/contracts';
import type { LoadedCourse, LoadedModule } from './load.js';
import type { SourceSegment } from './markdown-source.js';

export interface ModuleStats {
  number: number;
  id: string;
  folder: string;
  title: string;
  lessons: number;
  /** Prose words per lesson, in lesson order. */
  lessonWords: number[];
  /** Interactive blocks per lesson, in lesson order. */
  lessonInteractions: number[];
  words: number;
  interactions: number;
  /** Scored knowledge-check items. */
  items: number;
  itemTypes: Record<string, number>;
  /** Competency id → scored items tagged with it. */
  competencies: Record<string, number>;
  caseStudy: boolean;
  caseStudyIllustrative: boolean | null;
  scenarioDecisions: number;
  scenarioEndings: number;
}

export interface CourseStats {
  modules: ModuleStats[];
  course: Omit<ModuleStats, 'number' | 'id' | 'folder' | 'title' | 'lessonWords' | 'lessonInteractions' | 'caseStudy' | 'caseStudyIllustrative'> & {
    modules: number;
    caseStudies: number;
    /** Course-level parts: counted when present. */
    preAssessmentItems: number;
    /** Competency → items in its final-assessment bank. */
    finalAssessmentBank: Record<string, number>;
    /** Items drawn per competency for each final-assessment attempt (0 without a final assessment). */
    finalAssessmentDraw: number;
    /** Competency → scored items in knowledge checks and final-assessment banks together. */
    scoredItemsPerCompetency: Record<string, number>;
    glossaryTerms: number;
    /** Entries on the resources page. */
    resources: number;
    certificate: boolean;
  };
}

/** Words a reader reads: Markdown marks and link targets are not words. */
export function countWords(markdown: string): number {
  const plain = markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[#>*_`|~-]+/g, ' ');
  return plain.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const prose = (segments: SourceSegment[]) => segments.reduce((n, s) => n + (s.kind === 'prose' ? countWords(s.markdown) : 0), 0);
const interactive = (segments: SourceSegment[]) => segments.filter((s) => s.kind === 'block' && INTERACTIVE_BLOCK_TYPES.includes(s.block.type)).length;

function tally(items: Item[]) {
  const itemTypes: Record<string, number> = {};
  const competencies: Record<string, number> = {};
  for (const item of items) {
    itemTypes[item.type] = (itemTypes[item.type] ?? 0) + 1;
    for (const c of item.competencies) competencies[c] = (competencies[c] ?? 0) + 1;
  }
  return { itemTypes, competencies };
}

export function moduleStats(m: LoadedModule): ModuleStats {
  const lessonWords = m.lessons.map((l) => prose(l.segments));
  const lessonInteractions = m.lessons.map((l) => interactive(l.segments));
  const nodes = m.scenario?.nodes ?? [];
  return {
    number: m.source.number,
    id: m.source.id,
    folder: m.folder,
    title: m.source.title,
    lessons: m.lessons.length,
    lessonWords,
    lessonInteractions,
    words: lessonWords.reduce((a, b) => a + b, 0),
    interactions: lessonInteractions.reduce((a, b) => a + b, 0) + (m.caseStudy ? interactive(m.caseStudy.segments) : 0),
    items: m.knowledgeCheck.length,
    ...tally(m.knowledgeCheck),
    caseStudy: !!m.caseStudy,
    caseStudyIllustrative: m.caseStudy ? m.caseStudy.meta.illustrative : null,
    scenarioDecisions: nodes.filter((n) => 'choices' in n).length,
    scenarioEndings: nodes.filter((n) => 'ending' in n).length,
  };
}

export function courseStats(course: LoadedCourse): CourseStats {
  const modules = course.modules.map(moduleStats);
  const sum = (k: 'lessons' | 'words' | 'interactions' | 'items' | 'scenarioDecisions' | 'scenarioEndings') => modules.reduce((n, m) => n + m[k], 0);
  const all = tally(course.modules.flatMap((m) => m.knowledgeCheck));
  for (const t of ITEM_TYPES) all.itemTypes[t] ??= 0;
  for (const c of course.framework.competencies) all.competencies[c.id] ??= 0;
  return {
    modules,
    course: {
      modules: modules.length,
      lessons: sum('lessons'),
      words: sum('words'),
      interactions: sum('interactions'),
      items: sum('items'),
      ...all,
      caseStudies: modules.filter((m) => m.caseStudy).length,
      scenarioDecisions: sum('scenarioDecisions'),
      scenarioEndings: sum('scenarioEndings'),
      preAssessmentItems: course.preAssessment?.items.length ?? 0,
      finalAssessmentBank: Object.fromEntries(
        course.framework.competencies.map((c) => [
          c.id,
          course.finalAssessment?.banks.find((b) => b.competency === c.id)?.items.length ?? 0,
        ]),
      ),
      finalAssessmentDraw: course.finalAssessment?.drawPerCompetency ?? 0,
      scoredItemsPerCompetency: Object.fromEntries(
        course.framework.competencies.map((c) => [
          c.id,
          [...course.modules.flatMap((m) => m.knowledgeCheck), ...(course.finalAssessment?.banks.flatMap((b) => b.items) ?? [])].filter((i) =>
            i.competencies.includes(c.id),
          ).length,
        ]),
      ),
      glossaryTerms: course.glossary?.terms.length ?? 0,
      resources: course.resources?.sections.reduce((n, sec) => n + sec.entries.length, 0) ?? 0,
      certificate: !!course.certificate,
    },
  };
}

export function formatStats(stats: CourseStats): string {
  const rows = stats.modules.map((m) => [
    String(m.number),
    m.title.length > 40 ? `${m.title.slice(0, 39)}…` : m.title,
    String(m.lessons),
    m.lessonWords.join('/'),
    String(m.interactions),
    `${m.items} (${Object.keys(m.itemTypes).length} types)`,
    `${m.scenarioDecisions}/${m.scenarioEndings}`,
    m.caseStudy ? (m.caseStudyIllustrative ? 'illustrative' : 'real') : '-',
  ]);
  const header = ['#', 'module', 'lessons', 'words per lesson', 'interactions', 'scored items', 'decisions/endings', 'case'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const c = stats.course;
  const comps = Object.entries(c.competencies).map(([k, v]) => `${k} ${v}`).join(', ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line), '',
    `course: ${c.modules} modules, ${c.lessons} lessons, ${c.words} words, ${c.interactions} interactions, ${c.items} scored items, ${c.scenarioDecisions} decisions, ${c.scenarioEndings} endings`,
    `knowledge-check items per competency: ${comps}`,
    `scored items per competency (knowledge checks + final assessment banks): ${Object.entries(c.scoredItemsPerCompetency).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `course level: pre-assessment ${c.preAssessmentItems} items; final assessment banks ${Object.values(c.finalAssessmentBank).join('/')} (draw ${c.finalAssessmentDraw} per competency); glossary ${c.glossaryTerms} terms; resources ${c.resources} entries; certificate ${c.certificate ? 'yes' : 'no'}`].join('\n');
}
