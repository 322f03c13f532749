import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ContentInvalidError, courseStats, loadCourse, toCourseBundle } from '../src/index';

const CONTENT = resolve(__dirname, '../../../content');
const IDS = Array.from({ length: 13 }, (_, i) => `C${String(i + 1).padStart(2, '0')}`);

const tf = (id: string, competency: string) => `  - id: ${id}
    type: true-false
    competencies: [${competency}]
    prompt: Statement for ${competency}.
    correct: true
    feedback:
      correct: Right (Protocol art. 3(a)).
      incorrect: Wrong (Protocol art. 3(a)).
    source: Smuggling of Migrants Protocol, art. 3(a)
`;
const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((l) => (l ? by + l : l))
    .join('\n');

/** A one-module copy of the course with course-level files written by `files` (name → YAML). */
function courseWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'course-level-'));
  cpSync(join(CONTENT, 'competencies.yaml'), join(dir, 'competencies.yaml'));
  cpSync(join(CONTENT, 'modules/01-introduction'), join(dir, 'modules/01-introduction'), { recursive: true });
  const course = readFileSync(join(CONTENT, 'course.yaml'), 'utf8')
    .replace(/\nmodules:\n(?: {2}- .*\n)+/, '\nmodules:\n  - 01-introduction\n')
    .replace(/\n(preAssessment|finalAssessment|glossary|resources|certificate): .*/g, '');
  const names: Record<string, string> = {
    'assessments/pre.yaml': 'preAssessment',
    'assessments/final.yaml': 'finalAssessment',
    'glossary.yaml': 'glossary',
    'resources.yaml': 'resources',
    'certificate.yaml': 'certificate',
  };
  mkdirSync(join(dir, 'assessments'));
  const refs = Object.keys(files)
    .map((f) => `${names[f]}: ${f}`)
    .join('\n');
  writeFileSync(join(dir, 'course.yaml'), `${course.trimEnd()}\n${refs}\n`);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

const VALID = {
  'assessments/pre.yaml': `title: Where to start\nintroduction: Thirteen questions.\nitems:\n${IDS.map((c) => tf(`pre-${c.toLowerCase()}`, c)).join('')}`,
  'assessments/final.yaml': `title: Final assessment\nintroduction: Pass mark 80%.\ndrawPerCompetency: 1\nbanks:\n${IDS.map(
    (c) =>
      `  - competency: ${c}\n    items:\n${indent(tf(`fin-${c.toLowerCase()}-1`, c) + tf(`fin-${c.toLowerCase()}-2`, c), '    ')}`,
  ).join('')}`,
  'glossary.yaml': `terms:
  - id: smuggling-of-migrants
    term: smuggling of migrants
    aliases: [migrant smuggling]
    definition: Procuring illegal entry for a financial or other material benefit.
    source: Smuggling of Migrants Protocol, art. 3(a)
    related: [trafficking-in-persons]
  - id: trafficking-in-persons
    term: trafficking in persons
    definition: Moving or holding people by coercive means to exploit them.
    source: TIP Protocol, art. 3(a)
`,
  'resources.yaml': `introduction: The instruments.
sections:
  - title: Instruments
    entries:
      - title: The Protocol
        citation: UNGA resolution 55/25, annex III
        url: https://treaties.un.org/
      - title: UNTOC
        citation: UNGA resolution 55/25, annex I
`,
  'certificate.yaml': `title: Certificate of completion\nbody: '{learner} completed {course} on {date} with {score}.'\n`,
};

function issuesOf(dir: string): string[] {
  try {
    loadCourse(dir);
  } catch (error) {
    if (error instanceof ContentInvalidError)
      return error.issues.map(
        (i) => `${i.code} ${i.file.split('/').slice(1).join('/')}:${i.line ?? '-'} ${i.message}`,
      );
    throw error;
  }
  throw new Error('expected the content to be invalid');
}

describe('course-level parts', () => {
  it('load, count in stats, and reach course.json: assessments and certificate in the course package only', () => {
    const loaded = loadCourse(courseWith(VALID));
    const c = courseStats(loaded).course;
    expect(c.preAssessmentItems).toBe(13);
    expect(Object.values(c.finalAssessmentBank)).toEqual(IDS.map(() => 2));
    expect(c.finalAssessmentDraw).toBe(1);
    expect(c.glossaryTerms).toBe(2);
    expect(c.resources).toBe(2);
    expect(c.certificate).toBe(true);
    expect(c.scoredItemsPerCompetency.C12).toBe(2);

    const { bundle } = toCourseBundle(loaded, loaded.modules, { coursePackage: true });
    expect(bundle.preAssessment!.items.map((i) => i.iri)[0]).toBe(
      `${bundle.iriBase}/pre-assessment/question/pre-c01`,
    );
    expect(bundle.finalAssessment!.banks).toHaveLength(13);
    expect(bundle.certificate!.body).toContain('{learner}');
    expect(bundle.glossary.map((t) => t.id)).toEqual(['smuggling-of-migrants', 'trafficking-in-persons']);
    // The first appearance of a term on a lesson page links to the glossary.
    const lessonHtml = bundle.modules[0]!.lessons.flatMap((l) =>
      l.segments.flatMap((s) => (s.kind === 'html' ? [s.html] : [])),
    );
    expect(lessonHtml.join('\n')).toContain(
      'class="glossary-link" href="#glossary-smuggling-of-migrants" data-term="smuggling-of-migrants"',
    );

    const single = toCourseBundle(loaded, [loaded.modules[0]!], { coursePackage: false }).bundle;
    expect(single.preAssessment).toBeUndefined();
    expect(single.finalAssessment).toBeUndefined();
    expect(single.certificate).toBeUndefined();
    expect(single.glossary).toHaveLength(2);
    expect(single.resources!.sections[0]!.entries).toHaveLength(2);
  });

  it('report every problem with file and line: coverage, banks, glossary references, placeholders', () => {
    const dir = courseWith({
      ...VALID,
      'assessments/pre.yaml': VALID['assessments/pre.yaml'].replace(/ {2}- id: pre-c13[\s\S]*$/, ''),
      'assessments/final.yaml': VALID['assessments/final.yaml']
        .replace('drawPerCompetency: 1', 'drawPerCompetency: 2')
        .replace(/competencies: \[C05\]\n(\s+prompt: Statement for C05\.\n[\s\S]*?)fin-c05-2/, (m) => m)
        .replace(
          'id: fin-c03-2\n        type: true-false\n        competencies: [C03]',
          'id: fin-c03-2\n        type: true-false\n        competencies: [C04]',
        )
        .replace(
          / {2}- competency: C13[\s\S]*$/,
          '  - competency: C12\n    items:\n' +
            indent(tf('fin-c12-x1', 'C12') + tf('fin-c12-x2', 'C12'), '    '),
        ),
      'glossary.yaml': VALID['glossary.yaml']
        .replace('related: [trafficking-in-persons]', 'related: [trafficking-in-persons, refugee]')
        .replace(
          'term: trafficking in persons',
          'term: trafficking in persons\n    aliases: [Migrant Smuggling]',
        ),
      'certificate.yaml': `title: Certificate\nbody: '{learner} finished {course} ({grade}).'\n`,
    });
    const issues = issuesOf(dir);
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^BLD_COVERAGE assessments\/pre\.yaml:3 .*no item assesses C13$/),
        expect.stringMatching(
          /^BLD_SCHEMA assessments\/final\.yaml:\d+ an item in the C03 bank must name C03/,
        ),
        expect.stringMatching(/^BLD_DUPLICATE_ID assessments\/final\.yaml:\d+ a second bank for C12/),
        expect.stringMatching(/^BLD_COVERAGE assessments\/final\.yaml:\d+ .*no bank for C13$/),
        expect.stringMatching(
          /^BLD_DUPLICATE_ID glossary\.yaml:\d+ "Migrant Smuggling" already names glossary term smuggling-of-migrants/,
        ),
        expect.stringMatching(
          /^BLD_REFERENCE glossary\.yaml:\d+ related term "refugee" is not in the glossary$/,
        ),
        expect.stringMatching(/^BLD_SCHEMA certificate\.yaml:2 unknown placeholder \{grade\}/),
      ]),
    );
    expect(issues.filter((i) => i.startsWith('BLD_COVERAGE assessments/final.yaml'))).toHaveLength(1);
  });

  it('a bank smaller than the draw is refused', () => {
    const dir = courseWith({
      ...VALID,
      'assessments/final.yaml': VALID['assessments/final.yaml'].replace(
        'drawPerCompetency: 1',
        'drawPerCompetency: 3',
      ),
    });
    const issues = issuesOf(dir);
    expect(issues).toHaveLength(13);
    expect(issues[0]).toMatch(
      /^BLD_COVERAGE assessments\/final\.yaml:\d+ the C01 bank has 2 item\(s\) but 3 are drawn per attempt$/,
    );
  });

  it('a course-level file named in course.yaml but absent is reported at its line in course.yaml', () => {
    const dir = courseWith({ 'glossary.yaml': VALID['glossary.yaml'] });
    writeFileSync(
      join(dir, 'course.yaml'),
      readFileSync(join(dir, 'course.yaml'), 'utf8') + 'resources: nowhere.yaml\n',
    );
    expect(issuesOf(dir)).toEqual([
      expect.stringMatching(/^BLD_FILE_MISSING course\.yaml:\d+ resources file "nowhere\.yaml" not found/),
    ]);
  });
});
