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
import type { LoadedCourse, LoadedModule } from './load.js';
import type { SourceSegment } from './markdown-source.js';

const marked = new Marked({ gfm: true, async: false });

/** Files a package must carry besides the player: zip path → file on disk. */
export type AssetMap = Map<string, string>;

interface Ctx {
  base: string;
  module: LoadedModule;
  assets: AssetMap;
}

/** Module media travel in the zip under `media/<module folder>/…`; references are rewritten to match. */
function assetPath(ctx: Ctx, src: string): string {
  if (/^[a-z]+:/i.test(src)) return src;
  const zipPath = `media/${ctx.module.folder}/${src.replace(/^\.\//, '')}`;
  ctx.assets.set(zipPath, join(ctx.module.dir, src));
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
    iri: activityIri(ctx.base, { module: ctx.module.source.id, kind: 'question', id: item.id }),
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

function segments(source: SourceSegment[], ctx: Ctx): Segment[] {
  return source.map((s) => (s.kind === 'prose' ? { kind: 'html' as const, html: html(s.markdown, ctx) } : { kind: 'block' as const, block: blockToBundle(s.block, ctx) }));
}

/**
 * The `course.json` a package carries (limited to the modules of the package's scope),
 * and the media files it needs.
 */
export function toCourseBundle(loaded: LoadedCourse, modules: LoadedModule[] = loaded.modules): { bundle: CourseBundle; assets: AssetMap } {
  const { course, framework } = loaded;
  const base = course.iriBase;
  const assets: AssetMap = new Map();
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
      const ctx: Ctx = { base, module, assets };
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
          segments: segments(l.segments, ctx),
        })),
        caseStudy: caseStudy && {
          ...caseStudy.meta,
          iri: activityIri(base, { module: m.id, kind: 'case-study', id: caseStudy.meta.id }),
          segments: segments(caseStudy.segments, ctx),
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
  });
  return { bundle, assets };
}
