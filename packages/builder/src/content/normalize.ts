import { join } from 'node:path';
import { Marked } from 'marked';
import {
  activityIri,
  COURSE_BUNDLE_FORMAT_VERSION,
  CourseBundleSchema,
  type Block,
  type BundleBlock,
  type CourseBundle,
  type Item,
  type Segment,
} from '@course/contracts';
import { GlossaryLinker } from './glossary-links.js';
import type { LoadedCourse, LoadedModule } from './load.js';
import type { SourceSegment } from './markdown-source.js';

const marked = new Marked({ gfm: true, async: false });

/** Files a package must carry besides the player: zip path → file on disk. */
export type AssetMap = Map<string, string>;

interface Ctx {
  base: string;
  /** The IRI segment items are named under: the module id, or "pre-assessment" / "final-assessment". */
  scope: string;
  /** Media of this part travel under `media/<folder>/…` and are read from `dir`. */
  folder: string;
  dir: string;
  assets: AssetMap;
}

const moduleCtx = (base: string, module: LoadedModule, assets: AssetMap): Ctx => ({
  base,
  scope: module.source.id,
  folder: module.folder,
  dir: module.dir,
  assets,
});

/** Media travel in the zip under `media/<folder>/…`; references are rewritten to match. */
function assetPath(ctx: Ctx, src: string): string {
  if (/^[a-z]+:/i.test(src)) return src;
  const zipPath = `media/${ctx.folder}/${src.replace(/^\.\//, '')}`;
  ctx.assets.set(zipPath, join(ctx.dir, src));
  return zipPath;
}

function html(md: string, ctx: Ctx): string {
  const rewritten = md.replace(/(!\[[^\]]*\]\()([^)\s]+)/g, (_m, head: string, src: string) => `${head}${assetPath(ctx, src)}`);
  return (marked.parse(rewritten) as string).trim();
}
const inline = (md: string) => (marked.parseInline(md) as string).trim();

function itemToBundle(item: Item, ctx: Ctx): Extract<BundleBlock, { iri: string }> {
  return {
    ...item,
    iri: activityIri(ctx.base, { module: ctx.scope, kind: 'question', id: item.id }),
    prompt: inline(item.prompt),
    feedback: { correct: html(item.feedback.correct, ctx), incorrect: html(item.feedback.incorrect, ctx) },
  } as Extract<BundleBlock, { iri: string }>;
}

function blockToBundle(block: Block, ctx: Ctx): BundleBlock {
  switch (block.type) {
    case 'callout':
      return { ...block, body: html(block.body, ctx) };
    case 'key-terms':
      return { ...block, terms: block.terms.map((t) => ({ term: t.term, definition: inline(t.definition) })) };
    case 'image':
      return { ...block, src: assetPath(ctx, block.src) };
    case 'reveal':
      return { ...block, panels: block.panels.map((p) => ({ title: p.title, body: html(p.body, ctx) })) };
    case 'timeline':
      return { ...block, events: block.events.map((e) => ({ ...e, body: html(e.body, ctx) })) };
    case 'comparison':
      return block;
    case 'reflection':
      return { ...block, prompt: inline(block.prompt), modelAnswer: html(block.modelAnswer, ctx) };
    default:
      return itemToBundle(block, ctx);
  }
}

/** A page's segments; the first appearance of each glossary term in its prose links to the glossary. */
function segments(source: SourceSegment[], ctx: Ctx, glossary: GlossaryLinker): Segment[] {
  const linked = new Set<string>();
  return source.map((s) =>
    s.kind === 'prose'
      ? { kind: 'html' as const, html: glossary.link(html(s.markdown, ctx), linked) }
      : { kind: 'block' as const, block: blockToBundle(s.block, ctx) },
  );
}

/**
 * The `course.json` a package carries (limited to the modules of the package's scope),
 * and the media files it needs.
 */
export function toCourseBundle(
  loaded: LoadedCourse,
  modules: LoadedModule[] = loaded.modules,
  options: { coursePackage?: boolean } = {},
): { bundle: CourseBundle; assets: AssetMap } {
  const { course, framework } = loaded;
  const base = course.iriBase;
  const assets: AssetMap = new Map();
  const coursePackage = options.coursePackage ?? modules === loaded.modules;
  const glossary = new GlossaryLinker(loaded.glossary?.terms ?? []);
  const courseCtx = (scope: string): Ctx => ({ base, scope, folder: 'course', dir: loaded.contentDir, assets });
  const { preAssessment: pre, finalAssessment: fin, resources, certificate } = loaded;
  const bundle = CourseBundleSchema.parse({
    formatVersion: COURSE_BUNDLE_FORMAT_VERSION,
    id: course.id,
    iri: activityIri(base),
    iriBase: base,
    title: course.title,
    description: course.description,
    language: course.language,
    direction: course.direction,
    version: course.version,
    passMark: course.passMark,
    competencies: framework.competencies.map((c) => ({ id: c.id, title: c.title })),
    modules: modules.map((module) => {
      const m = module.source;
      const ctx = moduleCtx(base, module, assets);
      const { caseStudy, scenario } = module;
      return {
        id: m.id,
        iri: activityIri(base, { module: m.id }),
        number: m.number,
        title: m.title,
        description: m.description,
        competencies: m.competencies,
        duration: m.duration,
        overview: html(m.overview, ctx),
        objectives: m.objectives,
        lessons: module.lessons.map((l) => ({
          id: l.meta.id,
          iri: activityIri(base, { module: m.id, kind: 'lesson', id: l.meta.id }),
          title: l.meta.title,
          segments: segments(l.segments, ctx, glossary),
        })),
        caseStudy: caseStudy && {
          ...caseStudy.meta,
          iri: activityIri(base, { module: m.id, kind: 'case-study', id: caseStudy.meta.id }),
          segments: segments(caseStudy.segments, ctx, glossary),
        },
        scenario: scenario && {
          ...scenario,
          iri: activityIri(base, { module: m.id, kind: 'scenario', id: scenario.id }),
          situation: html(scenario.situation, ctx),
          nodes: scenario.nodes.map((n) =>
            'choices' in n
              ? { ...n, text: html(n.text, ctx), choices: n.choices.map((c) => ({ ...c, consequence: html(c.consequence, ctx) })) }
              : { ...n, text: html(n.text, ctx), ending: { ...n.ending, debrief: html(n.ending.debrief, ctx) } },
          ),
        },
        knowledgeCheck: {
          iri: activityIri(base, { module: m.id, kind: 'assessment', id: `${m.id}-check` }),
          items: module.knowledgeCheck.map((item) => itemToBundle(item, ctx)),
        },
        summary: html(m.summary, ctx),
        takeaways: m.takeaways,
        references: m.references,
      };
    }),
    glossary: (loaded.glossary?.terms ?? []).map((t) => ({
      ...t,
      definition: html(t.definition, courseCtx('glossary')),
    })),
    ...(resources
      ? {
          resources: {
            introduction: html(resources.introduction, courseCtx('resources')),
            sections: resources.sections.map((sec) => ({
              title: sec.title,
              entries: sec.entries.map((e) => ({
                ...e,
                citation: inline(e.citation),
                ...(e.note ? { note: html(e.note, courseCtx('resources')) } : {}),
              })),
            })),
          },
        }
      : {}),
    ...(coursePackage && pre
      ? {
          preAssessment: {
            iri: activityIri(base, { module: 'pre-assessment' }),
            title: pre.title,
            introduction: html(pre.introduction, courseCtx('pre-assessment')),
            items: pre.items.map((item) => itemToBundle(item, courseCtx('pre-assessment'))),
          },
        }
      : {}),
    ...(coursePackage && fin
      ? {
          finalAssessment: {
            iri: activityIri(base, { module: 'final-assessment' }),
            title: fin.title,
            introduction: html(fin.introduction, courseCtx('final-assessment')),
            drawPerCompetency: fin.drawPerCompetency,
            banks: fin.banks.map((b) => ({
              competency: b.competency,
              items: b.items.map((item) => itemToBundle(item, courseCtx('final-assessment'))),
            })),
          },
        }
      : {}),
    ...(coursePackage && certificate
      ? {
          certificate: {
            title: certificate.title,
            body: html(certificate.body, courseCtx('certificate')),
            ...(certificate.note ? { note: html(certificate.note, courseCtx('certificate')) } : {}),
          },
        }
      : {}),
  });
  return { bundle, assets };
}
