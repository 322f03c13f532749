/**
 * A seeded generator of realistic xAPI statements for benchmarks and load tests.
 *
 * What a statement looks like: the shape the course player and a cmi5 LMS send — an Agent (80% by
 * LMS account, 20% by mbox), a verb from the ADL/cmi5 vocabulary with a skewed distribution, an
 * Activity object with a definition (course module, lesson or cmi.interaction question), a result
 * where the verb has one, and a context with registration, instructor (20%), parent / grouping /
 * category context activities, platform, language and the cmi5 session id extension. Statements
 * are 1.3–1.9 KB of JSON (mean ≈1.5 KB), like the ones measured in the research note.
 *
 * Pools (defaults): 10,000 learners, 200 instructors, 50 courses of 4 modules × (4 lessons + 5
 * questions) = 2,000 activities, 50,000 registrations (each one learner in one course). One in
 * 2,000 statements voids an earlier one (a StatementRef object).
 *
 * The same seed gives the same statements; the pool accessors give the query parameters that hit
 * them (`agent(i)`, `question(c, m, q)`, `registration(r)`, …).
 * @example
 * const gen = new StatementGenerator({ seed: 1 });
 * const batch = gen.batch(100); // 100 statements, each with an `id`
 */
import { CMI5, VERBS } from '@course/contracts';

export interface GeneratorOptions {
  /** PRNG seed; default 1. */
  seed?: number;
  agents?: number;
  instructors?: number;
  courses?: number;
  registrations?: number;
  /** Share of statements that void an earlier one; default 1/2000. */
  voidingRate?: number;
  /** `timestamp` of the first statement; statements advance by `stepMs` (±50%). */
  start?: string;
  stepMs?: number;
}

export interface XapiAgent {
  objectType: 'Agent';
  name: string;
  mbox?: string;
  account?: { homePage: string; name: string };
}

export type XapiStatement = Record<string, unknown> & { id: string };

export const MODULES_PER_COURSE = 4;
export const LESSONS_PER_MODULE = 4;
export const QUESTIONS_PER_MODULE = 5;

const ACTIVITY_TYPE = {
  course: 'http://adlnet.gov/expapi/activities/course',
  module: 'http://adlnet.gov/expapi/activities/module',
  lesson: 'http://adlnet.gov/expapi/activities/lesson',
  question: 'http://adlnet.gov/expapi/activities/cmi.interaction',
};

const verb = (id: string, en: string) => ({ id, display: { 'en-US': en } });
/** Verbs and their weights: what a module-based course with a knowledge check sends. */
export const VERB_MIX: { verb: { id: string; display: Record<string, string> }; weight: number }[] = [
  { verb: verb(VERBS.experienced.id, 'experienced'), weight: 340 },
  { verb: verb(VERBS.answered.id, 'answered'), weight: 250 },
  { verb: verb('http://adlnet.gov/expapi/verbs/progressed', 'progressed'), weight: 90 },
  { verb: verb(VERBS.initialized.id, 'initialized'), weight: 60 },
  { verb: verb(VERBS.terminated.id, 'terminated'), weight: 55 },
  { verb: verb(VERBS.completed.id, 'completed'), weight: 50 },
  { verb: verb('http://adlnet.gov/expapi/verbs/attempted', 'attempted'), weight: 40 },
  { verb: verb('https://w3id.org/xapi/adl/verbs/launched', 'launched'), weight: 30 },
  { verb: verb(VERBS.passed.id, 'passed'), weight: 30 },
  { verb: verb(VERBS.failed.id, 'failed'), weight: 15 },
  { verb: verb('http://adlnet.gov/expapi/verbs/suspended', 'suspended'), weight: 15 },
  { verb: verb('http://adlnet.gov/expapi/verbs/resumed', 'resumed'), weight: 12 },
  { verb: verb('https://w3id.org/xapi/adl/verbs/satisfied', 'satisfied'), weight: 8 },
  { verb: verb('https://w3id.org/xapi/adl/verbs/abandoned', 'abandoned'), weight: 3 },
  { verb: verb('https://w3id.org/xapi/adl/verbs/waived', 'waived'), weight: 2 },
];
export const VOIDED_VERB = verb('http://adlnet.gov/expapi/verbs/voided', 'voided');
const CMI5_DEFINED = new Set(
  [
    'initialized',
    'terminated',
    'completed',
    'passed',
    'failed',
    'launched',
    'satisfied',
    'abandoned',
    'waived',
  ].map((name) => VERB_MIX.find((v) => v.verb.display['en-US'] === name)!.verb.id),
);

/** mulberry32: small, fast, good enough for test data; deterministic per seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/** A version-4-shaped UUID from the PRNG. */
export function uuidFrom(random: () => number): string {
  const a = hex8(random() * 2 ** 32);
  const b = hex8(random() * 2 ** 32);
  const c = hex8(random() * 2 ** 32);
  const d = hex8(random() * 2 ** 32);
  const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

const WORDS = [
  'smuggling',
  'protocol',
  'border',
  'evidence',
  'cooperation',
  'victim',
  'rights',
  'prosecution',
  'intelligence',
  'network',
  'policy',
  'investigation',
  'referral',
  'screening',
  'assistance',
  'mandate',
];

export class StatementGenerator {
  readonly agents: number;
  readonly instructors: number;
  readonly courses: number;
  readonly registrations: number;
  private readonly random: () => number;
  private readonly voidingRate: number;
  private readonly cumulative: number[];
  private readonly totalWeight: number;
  private readonly recent: string[] = [];
  private readonly startMs: number;
  private readonly stepMs: number;
  private clock = 0;
  /** How many statements were generated. */
  count = 0;
  /** Ids of statements a generated voiding statement targets. */
  readonly voided: string[] = [];

  constructor(options: GeneratorOptions = {}) {
    this.random = prng(options.seed ?? 1);
    this.agents = options.agents ?? 10_000;
    this.instructors = options.instructors ?? 200;
    this.courses = options.courses ?? 50;
    this.registrations = options.registrations ?? 50_000;
    this.voidingRate = options.voidingRate ?? 1 / 2000;
    this.startMs = Date.parse(options.start ?? '2026-01-05T08:00:00.000Z');
    this.stepMs = options.stepMs ?? 30_000;
    let sum = 0;
    this.cumulative = VERB_MIX.map((v) => (sum += v.weight));
    this.totalWeight = sum;
  }

  /** Learner `i` (0-based, modulo the pool): an LMS account, or an mbox for one in five. */
  agent(i: number): XapiAgent {
    const n = i % this.agents;
    return n % 5 === 0
      ? { objectType: 'Agent', name: `Learner ${n}`, mbox: `mailto:learner-${n}@example.org` }
      : {
          objectType: 'Agent',
          name: `Learner ${n}`,
          account: { homePage: 'https://lms.example.org', name: `learner-${n}` },
        };
  }

  instructor(i: number): XapiAgent {
    const n = i % this.instructors;
    return { objectType: 'Agent', name: `Instructor ${n}`, mbox: `mailto:instructor-${n}@example.org` };
  }

  /** The instructor of course `c` (one per course, shared across courses). */
  instructorOf(c: number): number {
    return (c * 7) % this.instructors;
  }

  course(c: number): string {
    return `https://courses.example.org/c/${c % this.courses}`;
  }

  module(c: number, m: number): string {
    return `${this.course(c)}/m/${m}`;
  }

  lesson(c: number, m: number, l: number): string {
    return `${this.module(c, m)}/lesson/${l}`;
  }

  question(c: number, m: number, q: number): string {
    return `${this.module(c, m)}/question/${q}`;
  }

  /** Registration `r`: one learner enrolled in one course. */
  registration(r: number): string {
    const n = r % this.registrations;
    return uuidFrom(prng(0x5eed0000 + n));
  }

  /** The learner and course of registration `r`. */
  enrolment(r: number): { agent: number; course: number } {
    const n = r % this.registrations;
    return { agent: n % this.agents, course: (n * 7919) % this.courses };
  }

  private int(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pickVerb() {
    const x = this.random() * this.totalWeight;
    const i = this.cumulative.findIndex((c) => x < c);
    return VERB_MIX[i === -1 ? VERB_MIX.length - 1 : i]!.verb;
  }

  /** Text that is always the same for `key`: an activity's definition does not change between statements. */
  private fixedText(key: string, words: number): string {
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    const random = prng(h >>> 0);
    return Array.from({ length: words }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  }

  private timestamp(): string {
    this.clock += this.stepMs * (0.5 + this.random());
    return new Date(this.startMs + this.clock).toISOString();
  }

  /** The next statement, with an `id` (remove it to let the LRS assign one). */
  next(): XapiStatement {
    this.count += 1;
    const id = uuidFrom(this.random);
    if (this.recent.length > 50 && this.random() < this.voidingRate) {
      const target = this.recent.splice(this.int(this.recent.length), 1)[0]!;
      this.voided.push(target);
      const r = this.int(this.registrations);
      return {
        id,
        actor: this.instructor(this.instructorOf(this.enrolment(r).course)),
        verb: VOIDED_VERB,
        object: { objectType: 'StatementRef', id: target },
        timestamp: this.timestamp(),
      };
    }
    const r = this.int(this.registrations);
    const { agent, course } = this.enrolment(r);
    const m = this.int(MODULES_PER_COURSE);
    const v = this.pickVerb();
    const name = v.display['en-US'];
    let object: Record<string, unknown>;
    let result: Record<string, unknown> | undefined;
    const seconds = 5 + this.int(600);
    if (name === 'answered' || name === 'attempted') {
      const q = this.int(QUESTIONS_PER_MODULE);
      const id = this.question(course, m, q);
      const correct = ['a', 'b', 'c', 'd'][(course + m + q) % 4]!;
      object = {
        objectType: 'Activity',
        id,
        definition: {
          name: { 'en-US': `Question ${q + 1}: ${this.fixedText(`${id}#name`, 3)}` },
          description: { 'en-US': `Which ${this.fixedText(`${id}#description`, 6)}?` },
          type: ACTIVITY_TYPE.question,
          interactionType: 'choice',
          correctResponsesPattern: [correct],
          choices: ['a', 'b', 'c', 'd'].map((c) => ({
            id: c,
            description: { 'en-US': this.fixedText(`${id}#${c}`, 4) },
          })),
        },
      };
      if (name === 'answered') {
        const success = this.random() < 0.7;
        result = {
          score: { scaled: success ? 1 : 0, raw: success ? 1 : 0, min: 0, max: 1 },
          success,
          completion: true,
          response: success ? correct : 'a',
          duration: `PT${seconds}S`,
        };
      }
    } else if (name === 'experienced' || name === 'progressed') {
      const l = this.int(LESSONS_PER_MODULE);
      object = {
        objectType: 'Activity',
        id: this.lesson(course, m, l),
        definition: {
          name: { 'en-US': `Lesson ${l + 1}: ${this.fixedText(this.lesson(course, m, l), 4)}` },
          description: { 'en-US': this.fixedText(`${this.lesson(course, m, l)}#description`, 12) },
          type: ACTIVITY_TYPE.lesson,
        },
      };
      if (name === 'progressed')
        result = {
          extensions: { 'https://w3id.org/xapi/cmi5/result/extensions/progress': 1 + this.int(99) },
        };
    } else {
      object = {
        objectType: 'Activity',
        id: this.module(course, m),
        definition: {
          name: { 'en-US': `Module ${m + 1}: ${this.fixedText(this.module(course, m), 3)}` },
          description: { 'en-US': this.fixedText(`${this.module(course, m)}#description`, 14) },
          type: ACTIVITY_TYPE.module,
        },
      };
      if (name === 'passed' || name === 'failed') {
        const scaled = name === 'passed' ? 0.8 + this.int(21) / 100 : this.int(80) / 100;
        result = {
          score: { scaled, raw: Math.round(scaled * 100), min: 0, max: 100 },
          success: name === 'passed',
          completion: true,
          duration: `PT${seconds * 3}S`,
        };
      } else if (name === 'completed') result = { completion: true, duration: `PT${seconds * 4}S` };
      else if (name === 'terminated') result = { duration: `PT${seconds * 5}S` };
    }
    const parent =
      object.id === this.module(course, m)
        ? [{ objectType: 'Activity', id: this.course(course) }]
        : [{ objectType: 'Activity', id: this.module(course, m) }];
    const contextActivities: Record<string, unknown> = {
      parent,
      grouping: [
        {
          objectType: 'Activity',
          id: this.course(course),
          definition: { type: ACTIVITY_TYPE.course },
        },
      ],
    };
    if (CMI5_DEFINED.has(v.id))
      contextActivities.category = [{ objectType: 'Activity', id: CMI5.categoryCmi5 }];
    const context: Record<string, unknown> = {
      registration: this.registration(r),
      contextActivities,
      platform: 'Course player',
      language: 'en-US',
      extensions: {
        [CMI5.sessionIdExtension]: uuidFrom(prng(r * 31 + m)),
        'https://courses.example.org/extensions/launch-target': 'cmi5',
      },
    };
    if (this.random() < 0.2) context.instructor = this.instructor(this.instructorOf(course));
    const statement: XapiStatement = {
      id,
      actor: this.agent(agent),
      verb: v,
      object,
      ...(result ? { result } : {}),
      context,
      timestamp: this.timestamp(),
    };
    this.recent.push(id);
    if (this.recent.length > 1000) this.recent.splice(0, this.recent.length - 1000);
    return statement;
  }

  batch(n: number): XapiStatement[] {
    return Array.from({ length: n }, () => this.next());
  }
}

/** The statement without its `id`, as a client that lets the LRS assign ids sends it. */
export function withoutId(statement: XapiStatement): Record<string, unknown> {
  const { id: _id, ...rest } = statement;
  return rest;
}
