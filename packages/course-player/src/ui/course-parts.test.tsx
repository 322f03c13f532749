import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { h1, next, previous } from '../../test/drive';
import {
  fixtureCourseBundle,
  fixtureProgress as progress,
  fixtureRuntime,
} from '../../test/fixtures/fixtures';
import { MemoryTracker } from '../tracking/memory/memory-tracker';
import { App } from './App';
import { Player } from './Player';
import { coursePages } from '../course/pages';
import { restoreProgress } from '../course/restore-progress';

const course = fixtureCourseBundle();
const runtime = fixtureRuntime({ target: 'memory' });
const pages = coursePages(course);
const FINAL = 'course/final-assessment';
const CERTIFICATE = 'course/certificate';
/** The draw with Math.random() = 0: the first two items of each bank. */
const FIRST_DRAW = ['fin-c01-1', 'fin-c01-2', 'fin-c02-1', 'fin-c02-2'];
const RIGHT: Record<string, 'True' | 'False'> = {
  'fin-c01-1': 'False',
  'fin-c01-2': 'True',
  'fin-c01-3': 'True',
  'fin-c02-1': 'False',
  'fin-c02-2': 'True',
  'fin-c02-3': 'True',
};

async function open(tracker = new MemoryTracker()) {
  const user = userEvent.setup();
  render(<App bundle={course} runtime={runtime} tracker={tracker} />);
  await screen.findByRole('heading', { level: 1 });
  return user;
}

/** The item on the page whose prompt is `prompt`, as its form. */
const itemForm = (prompt: string) => screen.getByRole('group', { name: prompt }).closest('form')!;

async function answer(user: ReturnType<typeof userEvent.setup>, prompt: string, choice: string) {
  const form = itemForm(prompt);
  await user.click(within(form).getByRole('radio', { name: choice }));
  await user.click(within(form).getByRole('button', { name: 'Submit answer' }));
}

const promptOf = (id: string) =>
  course
    .finalAssessment!.banks.flatMap((b) => b.items)
    .find((i) => i.id === id)!
    .prompt.replace(/<[^>]+>/g, '');

afterEach(() => jest.restoreAllMocks());

describe('pre-assessment', () => {
  it('is the first page: every item with its own Submit and feedback, then secure / focus here per competency', async () => {
    const tracker = new MemoryTracker();
    const user = await open(tracker);
    expect(h1('Where do you start?')).toBeInTheDocument();
    expect(screen.getByText('Page 1 of 33')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Submit answer' })).toHaveLength(2);
    expect(screen.getByRole('heading', { level: 2, name: 'Question 1 of 2' })).toBeInTheDocument();

    await answer(user, 'Smuggling requires a financial or other material benefit.', 'True');
    expect(
      within(itemForm('Smuggling requires a financial or other material benefit.')).getByRole('status'),
    ).toHaveTextContent(/^Correct\./);
    expect(screen.queryByRole('heading', { name: 'Your starting point' })).not.toBeInTheDocument();
    await answer(user, 'Which element belongs to trafficking but not to smuggling?', 'Crossing a border');

    expect(
      screen.getByText('All questions answered: your starting point per competency is below.'),
    ).toHaveAttribute('role', 'status');
    const outcome = screen.getByRole('region', { name: 'Your starting point' });
    const [c01, c02] = within(outcome).getAllByRole('listitem');
    expect(c01).toHaveTextContent('C01: Defines migrant smuggling under the Protocol: Secure');
    expect(c01).toHaveTextContent('Built by: Module 1: The basics');
    expect(c02).toHaveTextContent('C02: Distinguishes smuggling from trafficking in persons: Focus here');
    expect(c02).toHaveTextContent('Built by: Module 1: The basics; Module 2: Going further');

    // Practice for tracking: not scored, parent is the pre-assessment; saved with the practice answers.
    expect(tracker.answers.map((a) => [a.item.id, a.practice, a.success, a.module])).toEqual([
      [
        'pre-c01',
        true,
        true,
        { iri: course.preAssessment!.iri, title: 'Where do you start?', kind: 'assessment' },
      ],
      [
        'pre-c02',
        true,
        false,
        { iri: course.preAssessment!.iri, title: 'Where do you start?', kind: 'assessment' },
      ],
    ]);
    expect(tracker.progress?.practice).toEqual({ 'pre-c01': true, 'pre-c02': ['b'] });
    expect(tracker.completion).toBeNull();

    await user.click(next());
    expect(h1('The basics')).toBeInTheDocument();
  });

  it('lists the course-level pages in the contents menu', async () => {
    await open();
    const contents = screen.getByRole('navigation', { name: 'Course contents' });
    expect(
      within(contents)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual([
      'Where do you start?',
      'Module 1: The basics',
      'Module 2: Going further',
      'Final assessment',
      'Certificate of completion',
    ]);
    expect(within(contents).getByRole('button', { name: 'Where do you start?' })).toHaveAttribute(
      'aria-current',
      'true',
    );
  });
});

describe('final assessment', () => {
  it('draws, takes answers without feedback, submits, reports per competency, and completes the package', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const tracker = new MemoryTracker({ progress: progress({ location: 'basics/results' }) });
    const user = await open(tracker);
    // A module's results page no longer completes a course package with a final assessment.
    await user.click(previous());
    await user.click(next());
    expect(h1('Results')).toBeInTheDocument();
    expect(tracker.completion).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Final assessment' }));
    expect(h1('Final assessment')).toBeInTheDocument();
    expect(screen.getByText('4 questions. The pass mark is 80%.')).toBeInTheDocument();
    expect(screen.queryByRole('group')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start the assessment' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Question 1 of 4' })).toHaveFocus();
    expect(tracker.progress?.scenarios).toEqual({ 'final-assessment': FIRST_DRAW });

    // Wrong on fin-c02-2, right on the others: no feedback, "Answer recorded."
    for (const id of FIRST_DRAW) {
      expect(screen.queryByRole('button', { name: 'Submit assessment' })).not.toBeInTheDocument();
      const wrong = RIGHT[id] === 'True' ? 'False' : 'True';
      await answer(user, promptOf(id), id === 'fin-c02-2' ? wrong : RIGHT[id]!);
      const status = within(itemForm(promptOf(id))).getByRole('status');
      expect(status).toHaveTextContent('Answer recorded.');
      expect(status).toHaveFocus();
      expect(status).not.toHaveTextContent(/Correct|Not quite/);
      expect(tracker.progress?.scenarios['final-assessment']).not.toContain(id);
    }
    expect(
      screen.getByText('All 4 questions answered. Submit the assessment to get your result.'),
    ).toBeInTheDocument();
    expect(tracker.answers.map((a) => [a.item.id, a.practice, a.module.iri])).toEqual(
      FIRST_DRAW.map((id) => [id, false, course.finalAssessment!.iri]),
    );
    expect(tracker.completion).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Submit assessment' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Your result' })).toHaveFocus();
    expect(screen.getByText('Your score: 75%')).toBeInTheDocument();
    expect(screen.getByText('You did not pass. The pass mark is 80%.')).toBeInTheDocument();
    const perCompetency = screen.getByRole('heading', { name: 'Result per competency' }).nextElementSibling!;
    expect(
      within(perCompetency as HTMLElement)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual([
      'C01: Defines migrant smuggling under the Protocol: 2 of 2 correct',
      'C02: Distinguishes smuggling from trafficking in persons: 1 of 2 correct',
    ]);
    expect(screen.getByRole('heading', { name: 'Questions to review' })).toBeInTheDocument();
    expect(screen.getByText('TIP Protocol art. 3(b) makes consent irrelevant.')).toBeInTheDocument();
    expect(tracker.completion).toEqual({ scorePercent: 75, passed: false });
    // Saved: each drawn id once (answered ones among the answers), and the date of submission.
    expect(tracker.progress?.scenarios).toEqual({
      'final-assessment': [],
      'final-assessment-submitted': [expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/)],
    });

    // Retake: a new draw, the previous final answers cleared (knowledge-check answers would stay).
    (Math.random as jest.Mock).mockReturnValue(0.99);
    await user.click(screen.getByRole('button', { name: 'Retake the assessment' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Question 1 of 4' })).toHaveFocus();
    expect(tracker.progress?.scenarios).toEqual({
      'final-assessment': ['fin-c01-1', 'fin-c01-3', 'fin-c02-1', 'fin-c02-3'],
    });
    expect(tracker.progress?.answers).toEqual({});
    expect(screen.queryAllByText('Answer recorded.')).toHaveLength(0);
  });

  it('keeps the draw and the answers across a resume, and passes to the certificate', async () => {
    const tracker = new MemoryTracker({
      progress: progress({
        location: FINAL,
        answers: { 'fin-c01-1': false, 'fin-c01-2': true },
        scenarios: { 'final-assessment': ['fin-c02-1', 'fin-c02-2'] },
      }),
      learner: { id: 'l1', name: 'Jane Doe' },
    });
    const user = await open(tracker);
    expect(h1('Final assessment')).toBeInTheDocument();
    expect(screen.getAllByText('Answer recorded.')).toHaveLength(2);
    expect(screen.getByText('2 of 4 questions answered.')).toBeInTheDocument();
    await answer(user, promptOf('fin-c02-1'), 'False');
    await answer(user, promptOf('fin-c02-2'), 'True');
    await user.click(screen.getByRole('button', { name: 'Submit assessment' }));
    expect(screen.getByText('You passed. The pass mark is 80%.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Questions to review' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retake the assessment' })).not.toBeInTheDocument();
    expect(tracker.completion).toEqual({ scorePercent: 100, passed: true });

    await user.click(screen.getByRole('button', { name: 'View your certificate' }));
    expect(h1('Certificate of completion')).toHaveFocus();
    const today = new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(new Date());
    expect(document.querySelector('.certificate-body')).toHaveTextContent(
      `This certifies that Jane Doe completed Fixture course on migrant smuggling on ${today} with a final assessment score of 100%.`,
    );
  });
});

describe('certificate', () => {
  const submitted = (answers: Record<string, boolean>, day = '2026-03-04') =>
    progress({
      location: CERTIFICATE,
      answers,
      scenarios: { 'final-assessment': [], 'final-assessment-submitted': [day] },
    });
  const allRight = Object.fromEntries(FIRST_DRAW.map((id) => [id, RIGHT[id] === 'True']));

  it('before a pass says what is needed and leads to the final assessment', async () => {
    const user = await open(new MemoryTracker({ progress: progress({ location: CERTIFICATE }) }));
    expect(h1('Certificate of completion')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Your certificate appears here once you pass the final assessment. The pass mark is 80%.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Print the certificate' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Go to the final assessment' }));
    expect(h1('Final assessment')).toBeInTheDocument();
  });

  it('after a fail gives the last score', async () => {
    await open(new MemoryTracker({ progress: submitted({ ...allRight, 'fin-c01-1': true }) }));
    expect(screen.getByText('Your last score was 75%.')).toBeInTheDocument();
  });

  it('after a pass is filled in with the name, course, date of the pass and score, and prints', async () => {
    const print = jest.fn();
    const tracker = new MemoryTracker({ learner: { id: 'l1', name: 'Amal <Haddad>' } });
    const { learnerName } = await tracker.start();
    const user = userEvent.setup();
    render(
      <Player
        bundle={course}
        pages={pages}
        passMark={80}
        tracker={tracker}
        initial={restoreProgress(submitted(allRight), pages, course)}
        resumed={false}
        events={[]}
        learnerName={learnerName}
        print={print}
      />,
    );
    expect(h1('Certificate of completion')).toBeInTheDocument();
    const body = document.querySelector('.certificate-body')!;
    expect(body).toHaveTextContent(
      'This certifies that Amal <Haddad> completed Fixture course on migrant smuggling on March 4, 2026 with a final assessment score of 100%.',
    );
    expect(body.querySelector('strong')?.textContent).toBe('Amal <Haddad>');
    expect(
      screen.getByText('It attests the completion of a training course, not a professional qualification.'),
    ).toBeInTheDocument();
    expect(document.querySelector('.player')).toHaveClass('player-certificate');
    await user.click(screen.getByRole('button', { name: 'Print the certificate' }));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('leaves a line to write on when the LMS gives no name; Print calls window.print', async () => {
    const print = jest.spyOn(window, 'print').mockImplementation(() => {});
    const user = await open(
      new MemoryTracker({ progress: submitted(allRight), learner: { id: 'l1', name: '' } }),
    );
    const line = document.querySelector('.certificate-body .write-in');
    expect(line).toHaveTextContent('learner name');
    await user.click(screen.getByRole('button', { name: 'Print the certificate' }));
    expect(print).toHaveBeenCalledTimes(1);
  });
});

describe('glossary and resources', () => {
  it('the Glossary button opens a dialog with the terms in alphabetical order; Escape closes it and focus returns', async () => {
    const user = await open();
    const button = screen.getByRole('button', { name: 'Glossary' });
    await user.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Glossary' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(within(dialog).getByRole('heading', { level: 2, name: 'Glossary' })).toHaveFocus();
    expect(document.querySelector('.player')).toHaveAttribute('inert');
    expect(
      within(dialog)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['illegal entry', 'smuggling of migrants', 'trafficking in persons', 'UNTOC']);
    const smuggling = dialog.querySelector('#glossary-smuggling-of-migrants')!;
    expect(smuggling).toHaveTextContent('Also: migrant smuggling');
    expect(smuggling).toHaveTextContent('Procuring, for a financial or other material benefit');
    expect(smuggling).toHaveTextContent('Source: Smuggling of Migrants Protocol, art. 3(a)');
    expect(dialog.querySelector('#glossary-untoc')).not.toHaveTextContent('Source:');

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(document.querySelector('.player')).not.toHaveAttribute('inert');
    expect(button).toHaveFocus();
  });

  it('filters terms by name or alias, and related terms link to each other', async () => {
    const user = await open();
    await user.click(screen.getByRole('button', { name: 'Glossary' }));
    const dialog = screen.getByRole('dialog', { name: 'Glossary' });
    const filter = within(dialog).getByRole('searchbox', { name: 'Filter terms' });
    await user.type(filter, 'migrant');
    expect(
      within(dialog)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['smuggling of migrants']);
    expect(within(dialog).getByRole('status')).toHaveTextContent('1 of 4 terms');
    await user.clear(filter);
    await user.type(filter, 'organized crime');
    expect(
      within(dialog)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual(['UNTOC']);
    await user.clear(filter);
    await user.type(filter, 'zzz');
    expect(within(dialog).getByRole('status')).toHaveTextContent('No term matches "zzz".');
    await user.clear(filter);

    const smuggling = dialog.querySelector<HTMLElement>('#glossary-smuggling-of-migrants')!;
    const link = within(smuggling).getByRole('link', { name: 'trafficking in persons' });
    expect(link).toHaveAttribute('href', '#glossary-trafficking-in-persons');
    await user.type(filter, 'smug');
    await user.click(within(dialog).getByRole('link', { name: 'illegal entry' }));
    expect(filter).toHaveValue('');
    expect(within(dialog).getByRole('heading', { level: 3, name: 'illegal entry' })).toHaveFocus();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.getByRole('button', { name: 'Glossary' })).toHaveFocus();
  });

  it('a glossary link in a lesson opens the glossary at its term, and focus goes back to the link', async () => {
    const user = await open(new MemoryTracker({ progress: progress({ location: 'basics/basics-l1' }) }));
    const link = screen.getByRole('link', { name: 'smuggling of migrants' });
    await user.click(link);
    const dialog = screen.getByRole('dialog', { name: 'Glossary' });
    expect(within(dialog).getByRole('heading', { level: 3, name: 'smuggling of migrants' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(link).toHaveFocus();
    expect(h1('What the Protocol calls smuggling')).toBeInTheDocument();
  });

  it('Resources lists sections and entries; links open in a new tab with rel="noopener"', async () => {
    const user = await open();
    const button = screen.getByRole('button', { name: 'Resources' });
    await user.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Resources' });
    expect(within(dialog).getByRole('heading', { level: 2, name: 'Resources' })).toHaveFocus();
    expect(dialog).toHaveTextContent('The instruments and reference works cited in the course.');
    const instruments = within(dialog).getByRole('region', { name: 'International instruments' });
    const entries = within(instruments).getAllByRole('listitem');
    expect(entries).toHaveLength(2);
    const link = within(entries[0]!).getByRole('link', {
      name: 'Protocol against the Smuggling of Migrants by Land, Sea and Air (opens in a new tab)',
    });
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener');
    expect(link.getAttribute('href')).toMatch(/^https:\/\/treaties\.un\.org\//);
    expect(entries[0]).toHaveTextContent('United Nations Treaty Series, vol. 2241');
    expect(entries[0]).toHaveTextContent('Modules 1 and 2 rest on its articles 3, 5 and 6.');
    expect(within(entries[1]!).queryByRole('link')).not.toBeInTheDocument();
    expect(entries[1]).toHaveTextContent('Model Law against the Smuggling of Migrants');
    expect(within(dialog).getByRole('region', { name: 'Guidance' })).toBeInTheDocument();
    await user.click(document.querySelector('.panel-backdrop')!);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });
});

describe('resume prompt', () => {
  it('offers to continue at the saved page or to start again; starting again keeps the answers', async () => {
    const tracker = new MemoryTracker({
      progress: progress({
        location: 'basics/basics-q2',
        answers: { 'basics-q1': ['a'] },
        practice: { 'pre-c01': true },
      }),
    });
    const user = await open(tracker);
    expect(h1('Question 2 of 8')).toBeInTheDocument();
    expect(
      screen.getByText('Welcome back — continue where you left off (page 8) or start again.'),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Start again' }));
    expect(h1('Where do you start?')).toHaveFocus();
    expect(screen.queryByText(/Welcome back/)).not.toBeInTheDocument();
    expect(tracker.progress).toMatchObject({
      location: 'course/pre-assessment',
      answers: { 'basics-q1': ['a'] },
      practice: { 'pre-c01': true },
    });
  });

  it('"Continue where I left off" keeps the page and moves focus to its heading', async () => {
    const user = await open(new MemoryTracker({ progress: progress({ location: 'basics/basics-l2' }) }));
    await user.click(screen.getByRole('button', { name: 'Continue where I left off' }));
    expect(h1('Smuggling and trafficking compared')).toHaveFocus();
    expect(screen.queryByText(/Welcome back/)).not.toBeInTheDocument();
  });

  it('shows when the LMS says the session resumes, even without saved progress', async () => {
    const tracker = new MemoryTracker();
    jest.spyOn(tracker, 'start').mockResolvedValue({ learnerId: 'l', learnerName: 'L', resumed: true });
    await open(tracker);
    expect(
      screen.getByText('Welcome back — continue where you left off (page 1) or start again.'),
    ).toBeInTheDocument();
  });

  it('does not show on a first launch', async () => {
    await open();
    expect(screen.queryByText(/Welcome back/)).not.toBeInTheDocument();
  });
});
