/**
 * A simulated cohort of learners working through the course, as statements built by the course
 * player's own statement builders (packages/course-player/src/tracking/xapi/statements.ts), sent to
 * the LRS through its xAPI HTTP API. Used by `npm run demo:cohort` and by the dashboard's browser test.
 *
 * The learner model: each learner has an ability (normal, shifted by cohort) and a stamina (how many
 * modules they do before they stop, if they stop). Each scored item has a difficulty and a quality:
 * most items separate strong from weak learners (2PL-like), a few barely do, one in fifty is
 * mis-keyed (the strong get it wrong), so that the item analysis has something to flag. Learners take
 * the pre-assessment, work through the modules in order (lessons with practice items, the knowledge
 * check, completed/passed or failed, a retry after a failure), sometimes leave mid-module and resume
 * days later, and take the final assessment when they finish. Everything is derived from the seed:
 * the same seed gives the same statements (ids included), so a rerun changes nothing in the LRS.
 */
import {
  CMI5,
  courseExtensions,
  DEFAULT_LMS_OPTIONS,
  type BundleItem,
  type CourseBundle,
  type Response,
  type RuntimeConfig,
  type Statement,
} from '@course/contracts';
import { toIsoDuration } from '../../packages/course-player/src/tracking/scorm/cmi-time.js';
import {
  answeredStatement,
  cmi5DefinedStatement,
  experiencedStatement,
  type StatementContext,
} from '../../packages/course-player/src/tracking/xapi/statements.js';

export interface CohortOptions {
  bundle: CourseBundle;
  learners: number;
  seed: number;
  /** The first day of the cohort (learners start within its first two weeks). */
  start: Date;
}

/** The cohorts, with how much their mean ability differs from the course's average. */
export const DEMO_COHORTS = [
  { name: 'Border police, Tunis 2025-A', shift: 0.15 },
  { name: 'Prosecutors and judges, Rabat 2025', shift: 0.45 },
  { name: 'Coast guard, Lampedusa 2025', shift: -0.3 },
  { name: 'NGO caseworkers, Athens 2025', shift: 0 },
] as const;

const FIRST = [
  'Amina',
  'Youssef',
  'Leila',
  'Karim',
  'Sofia',
  'Marco',
  'Fatima',
  'Omar',
  'Elena',
  'Hassan',
  'Nadia',
  'Pierre',
  'Salma',
  'Giorgos',
  'Ines',
  'Tariq',
  'Maria',
  'Samir',
  'Chiara',
  'Rania',
  'Ahmed',
  'Lucia',
  'Mehdi',
  'Eleni',
  'Khadija',
  'Jonas',
  'Yasmin',
  'Andrea',
  'Zineb',
  'Nikos',
];
const LAST = [
  'Ben Ali',
  'El Amrani',
  'Rossi',
  'Papadopoulos',
  'Haddad',
  'Martin',
  'Trabelsi',
  'Bianchi',
  'Mansour',
  'Dubois',
  'Alaoui',
  'Nikolaou',
  'Chaouch',
  'Ferrari',
  'Benali',
  'Georgiou',
  'Karimi',
  'Moreau',
  'Saidi',
  'Conti',
];

/** mulberry32: small, fast, seedable. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable number in [0, 1) for a text (the items' parameters do not depend on the seed). */
function unit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1_000_003) / 1_000_003;
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/** How hard an item is and how well it separates learners. */
function itemModel(item: BundleItem): { b: number; a: number } {
  const u = unit(`${item.iri}#quality`);
  const a = u < 0.02 ? -1.2 : u < 0.1 ? 0.15 : 1.2 + unit(`${item.iri}#a`) * 0.8;
  return { b: (unit(`${item.iri}#b`) - 0.5) * 2.4 - 1.1, a };
}

/** A right or a wrong response, in the player's response shapes (contracts `Response`). */
function respond(item: BundleItem, right: boolean, rnd: () => number): Response {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  switch (item.type) {
    case 'single-choice':
      return [right ? item.correct : pick(item.choices.filter((c) => c.id !== item.correct)).id];
    case 'multiple-response': {
      if (right) return [...item.correct];
      const wrong = item.choices.filter((c) => !item.correct.includes(c.id));
      return wrong.length && rnd() < 0.6 ? [...item.correct, pick(wrong).id] : item.correct.slice(0, -1);
    }
    case 'true-false':
      return right ? item.correct : !item.correct;
    case 'matching': {
      const ids = item.pairs.map((p) => p.id);
      if (right) return Object.fromEntries(ids.map((id) => [id, id]));
      return Object.fromEntries(ids.map((id, i) => [id, i < 2 ? ids[1 - i]! : id]));
    }
    case 'ordering': {
      const ids = item.steps.map((s) => s.id);
      if (!right) [ids[0], ids[1]] = [ids[1]!, ids[0]!];
      return ids;
    }
    case 'categorising': {
      const entries = item.entries.map((e, i) => {
        const other = item.categories.find((c) => c.id !== e.category)!.id;
        return [e.id, !right && i === 0 ? other : e.category];
      });
      return Object.fromEntries(entries);
    }
    case 'short-text':
      return right ? item.accepted[0]! : pick(['not sure', 'smuggling', 'border crossing']);
    case 'numeric':
      return right ? item.answer : item.answer + item.tolerance + 1 + Math.floor(rnd() * 5);
  }
}

const pageItems = (segments: { kind: string; block?: unknown }[]): BundleItem[] =>
  segments.flatMap((s) =>
    s.kind === 'block' &&
    s.block &&
    typeof s.block === 'object' &&
    'iri' in s.block &&
    'competencies' in s.block
      ? [s.block as BundleItem]
      : [],
  );

/** UUID v4 from the generator: ids are reproducible from the seed. */
function uuidFrom(rnd: () => number): () => string {
  return () => {
    const b = Array.from({ length: 16 }, () => Math.floor(rnd() * 256));
    b[6] = (b[6]! & 0x0f) | 0x40;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
}

export interface SimulatedLearner {
  name: string;
  account: { homePage: string; name: string };
  cohort: string;
  statements: Statement[];
}

/**
 * The statements of every learner of the cohort, each learner's in time order. Module sessions are
 * cmi5 AU sessions of the module packages (object: the module); the pre- and final assessments are
 * sessions of the course package.
 */
export function simulateCohort(options: CohortOptions): SimulatedLearner[] {
  const { bundle } = options;
  const rnd = prng(options.seed);
  const uuid = uuidFrom(rnd);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const cohortExt = courseExtensions(bundle.iriBase).cohort;
  const learners: SimulatedLearner[] = [];

  for (let n = 0; n < options.learners; n++) {
    const cohort = DEMO_COHORTS[n % DEMO_COHORTS.length]!;
    const ability = cohort.shift + normal();
    const stamina = rnd() < 0.6 ? Infinity : 1 + Math.floor(rnd() * bundle.modules.length);
    const name = `${FIRST[Math.floor(rnd() * FIRST.length)]} ${LAST[Math.floor(rnd() * LAST.length)]}`;
    const account = {
      homePage: 'https://lms.example.org',
      name: `demo-${options.seed}-${String(n + 1).padStart(4, '0')}`,
    };
    let clock = options.start.getTime() + rnd() * 14 * 86_400_000 + (8 + rnd() * 8) * 3_600_000;
    const statements: Statement[] = [];
    const advance = (minutes: number) => (clock += minutes * 60_000 * (0.5 + rnd()));
    const registration = uuid();

    /** One session of a package (a module AU, or the course for the assessments). */
    const session = (
      activityIri: string,
      body: (ctx: StatementContext) => void,
      ends: 'finish' | 'suspend',
    ) => {
      const runtime: RuntimeConfig = {
        formatVersion: 1,
        target: 'cmi5',
        activityIri,
        masteryScore: bundle.passMark,
        buildId: 'de0000c0000000a0',
        xapiFromScorm: false,
        lms: DEFAULT_LMS_OPTIONS,
      };
      const ctx: StatementContext = {
        actor: { objectType: 'Agent', name, account },
        registration,
        bundle,
        runtime,
        activityId: activityIri,
        contextTemplate: {
          registration,
          extensions: { [CMI5.sessionIdExtension]: uuid(), [cohortExt]: cohort.name },
        },
        uuid,
        now: () => new Date(clock),
      };
      const began = clock;
      statements.push(cmi5DefinedStatement(ctx, 'initialized'));
      body(ctx);
      advance(2);
      statements.push(cmi5DefinedStatement(ctx, 'terminated', { durationIso: toIsoDuration(clock - began) }));
      advance(ends === 'suspend' ? 60 * (2 + rnd() * 70) : 60 * (10 + rnd() * 80));
    };
    const answer = (
      ctx: StatementContext,
      parent: { iri: string; title: string; kind?: 'module' | 'assessment' },
      item: BundleItem,
      shift = 0,
    ) => {
      const { a, b } = itemModel(item);
      const right = rnd() < logistic(a * (ability + shift - b));
      advance(1.5);
      statements.push(
        answeredStatement(ctx, { module: parent, item, response: respond(item, right, rnd), success: right }),
      );
      return right;
    };

    if (bundle.preAssessment && rnd() < 0.85) {
      const pre = bundle.preAssessment;
      session(
        bundle.iri,
        (ctx) =>
          pre.items.forEach((item) =>
            answer(ctx, { iri: pre.iri, title: pre.title, kind: 'assessment' }, item, -0.4),
          ),
        'finish',
      );
    }

    let finished = true;
    for (const [index, module] of bundle.modules.entries()) {
      const stopsHere = index + 1 >= stamina;
      const pages = [...module.lessons, ...(module.caseStudy ? [module.caseStudy] : [])];
      const suspendAfter = rnd() < 0.22 ? 1 + Math.floor(rnd() * Math.max(1, pages.length - 1)) : Infinity;
      const stopAfter = stopsHere ? Math.floor(rnd() * (pages.length + 1)) : Infinity;
      let page = 0;
      const lessons = (ctx: StatementContext, until: number) => {
        for (; page < Math.min(until, pages.length); page++) {
          const p = pages[page]!;
          advance(6);
          statements.push(experiencedStatement(ctx, module, p));
          for (const item of pageItems(p.segments)) answer(ctx, module, item, 0.3);
        }
      };
      if (suspendAfter < pages.length && suspendAfter < stopAfter) {
        session(module.iri, (ctx) => lessons(ctx, suspendAfter), 'suspend');
      }
      if (stopAfter !== Infinity) {
        session(module.iri, (ctx) => lessons(ctx, stopAfter), 'suspend');
        finished = false;
        break;
      }
      let passedCheck = false;
      session(
        module.iri,
        (ctx) => {
          lessons(ctx, pages.length);
          const items = module.knowledgeCheck.items;
          const right = items.filter((item) => answer(ctx, module, item)).length;
          const score = Math.round((right / Math.max(1, items.length)) * 100);
          passedCheck = score >= bundle.passMark;
          advance(1);
          statements.push(
            cmi5DefinedStatement(ctx, 'completed', { durationIso: toIsoDuration(20 * 60_000) }),
          );
          statements.push(
            cmi5DefinedStatement(ctx, passedCheck ? 'passed' : 'failed', {
              scorePercent: score,
              masteryScore: bundle.passMark / 100,
            }),
          );
        },
        'finish',
      );
      if (!passedCheck && rnd() < 0.6) {
        session(
          module.iri,
          (ctx) => {
            const items = module.knowledgeCheck.items;
            const right = items.filter((item) => answer(ctx, module, item, 0.5)).length;
            const score = Math.round((right / Math.max(1, items.length)) * 100);
            statements.push(
              cmi5DefinedStatement(ctx, score >= bundle.passMark ? 'passed' : 'failed', {
                scorePercent: score,
                masteryScore: bundle.passMark / 100,
              }),
            );
          },
          'finish',
        );
      }
    }

    if (finished && bundle.finalAssessment) {
      const final = bundle.finalAssessment;
      session(
        bundle.iri,
        (ctx) => {
          const parent = { iri: final.iri, title: final.title, kind: 'assessment' as const };
          let right = 0;
          let total = 0;
          for (const bank of final.banks) {
            const drawn = [...bank.items].sort(() => rnd() - 0.5).slice(0, final.drawPerCompetency);
            for (const item of drawn) {
              total += 1;
              if (answer(ctx, parent, item, 0.3)) right += 1;
            }
          }
          const score = Math.round((right / Math.max(1, total)) * 100);
          statements.push(
            cmi5DefinedStatement(ctx, 'completed', { durationIso: toIsoDuration(45 * 60_000) }),
          );
          statements.push(
            cmi5DefinedStatement(ctx, score >= bundle.passMark ? 'passed' : 'failed', {
              scorePercent: score,
              masteryScore: bundle.passMark / 100,
            }),
          );
        },
        'finish',
      );
    }
    learners.push({ name, account, cohort: cohort.name, statements });
  }
  return learners;
}

/**
 * Sends the learners' statements to an LRS (`endpoint` ends with `/xapi/`), in batches, a few
 * requests at a time. Throws with the LRS's answer on any refusal.
 */
export async function sendStatements(
  endpoint: string,
  authorization: string,
  learners: SimulatedLearner[],
  options: { batch?: number; parallel?: number; onProgress?: (sent: number, total: number) => void } = {},
): Promise<number> {
  const size = options.batch ?? 250;
  const batches: Statement[][] = [];
  for (const l of learners)
    for (let i = 0; i < l.statements.length; i += size) batches.push(l.statements.slice(i, i + size));
  const total = batches.reduce((n, b) => n + b.length, 0);
  let sent = 0;
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const res = await fetch(new URL('statements', endpoint), {
        method: 'POST',
        headers: {
          Authorization: authorization,
          'Content-Type': 'application/json',
          'X-Experience-API-Version': '2.0.0',
        },
        body: JSON.stringify(batch),
      });
      if (!res.ok) throw new Error(`the LRS answered ${res.status}: ${(await res.text()).slice(0, 500)}`);
      sent += batch.length;
      options.onProgress?.(sent, total);
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? 2 }, worker));
  return total;
}
