import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Progress } from '@course/contracts';
import { fixtureBundle, fixtureRuntime } from '../../test/fixtures/fixtures';
import { MemoryTracker } from '../tracking/memory/memory-tracker';
import { Scorm12Tracker } from '../tracking/scorm/scorm12-tracker';
import type { Tracker } from '../tracking/tracker';
import { App } from './App';

const bundle = fixtureBundle();
const runtime = fixtureRuntime({ target: 'memory' });
const LESSON = 'What the Protocol calls smuggling';

async function open(tracker: Tracker = new MemoryTracker()) {
  const user = userEvent.setup();
  render(<App bundle={bundle} runtime={runtime} tracker={tracker} />);
  await screen.findByRole('heading', { level: 1 });
  return user;
}

const next = () => screen.getByRole('button', { name: 'Next' });
const previous = () => screen.getByRole('button', { name: 'Previous' });
const feedback = () =>
  screen.getAllByRole('status').find((el) => /^(Correct\.|Not quite\.)/.test(el.textContent ?? ''));

async function answer(user: ReturnType<typeof userEvent.setup>, choice: string) {
  await user.click(screen.getByRole('radio', { name: choice }));
  await user.click(screen.getByRole('button', { name: 'Submit answer' }));
}

describe('App with the memory tracker', () => {
  it('walks lesson → questions → results: feedback in the status region, score and fail at the end', async () => {
    const tracker = new MemoryTracker();
    const user = await open(tracker);

    expect(screen.getByText('Fixture course on migrant smuggling')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: LESSON })).toBeInTheDocument();
    expect(screen.getByText(/defines smuggling through four elements/)).toBeInTheDocument();
    const modules = screen.getByRole('navigation', { name: 'Modules' });
    expect(within(modules).getByRole('button', { name: 'Module 1: The basics' })).toHaveAttribute(
      'aria-current',
      'true',
    );
    expect(previous()).toBeDisabled();

    await user.click(next());
    expect(screen.getByRole('heading', { level: 1, name: 'Question 1 of 2' })).toHaveFocus();
    expect(
      screen.getByRole('group', { name: 'Which element separates smuggling from humanitarian help?' }),
    ).toBeInTheDocument();
    expect(feedback()).toBeUndefined();
    await answer(user, 'A financial or other material benefit');
    expect(feedback()).toHaveTextContent(
      /^Correct\. The smuggler acts to obtain a financial or other material benefit\.\s*Source: Smuggling of Migrants Protocol, art\. 3\(a\)$/,
    );
    expect(screen.getByRole('radio', { name: 'A financial or other material benefit' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'The use of a vehicle' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Submit answer' })).not.toBeInTheDocument();

    await user.click(next());
    expect(screen.getByRole('heading', { level: 1, name: 'Question 2 of 2' })).toBeInTheDocument();
    await answer(user, 'Yes, as an accomplice');
    expect(feedback()).toHaveTextContent(/^Not quite\. Article 5 says migrants shall not become liable/);
    expect(feedback()).toHaveTextContent('Source: Smuggling of Migrants Protocol, art. 5');

    await user.click(next());
    expect(screen.getByRole('heading', { level: 1, name: 'Results' })).toBeInTheDocument();
    expect(screen.getByText('Your score: 50%')).toBeInTheDocument();
    expect(screen.getByText('You did not pass. The pass mark is 80%.')).toBeInTheDocument();
    expect(next()).toBeDisabled();
    expect(tracker.completion).toEqual({ scorePercent: 50, passed: false });
    expect(tracker.answers.map((a) => [a.item.id, a.response, a.success])).toEqual([
      ['basics-q1', ['b'], true],
      ['basics-q2', ['yes'], false],
    ]);
  });

  it('passes with every answer right', async () => {
    const tracker = new MemoryTracker();
    const user = await open(tracker);
    await user.click(next());
    await answer(user, 'A financial or other material benefit');
    await user.click(next());
    await answer(user, 'No, article 5 rules it out');
    await user.click(next());
    expect(screen.getByText('Your score: 100%')).toBeInTheDocument();
    expect(screen.getByText('You passed. The pass mark is 80%.')).toBeInTheDocument();
    expect(tracker.completion).toEqual({ scorePercent: 100, passed: true });
  });

  it('saves progress on every page change and every answer', async () => {
    const tracker = new MemoryTracker();
    const user = await open(tracker);
    expect(tracker.saves).toBe(0);
    await user.click(next());
    expect(tracker.progress).toEqual({
      v: 1,
      location: 'basics/basics-q1',
      visited: ['basics/basics-l1', 'basics/basics-q1'],
      answers: {},
    });
    await answer(user, 'The use of a vehicle');
    expect(tracker.saves).toBe(2);
    expect(tracker.progress?.answers).toEqual({ 'basics-q1': ['a'] });
    await user.click(previous());
    expect(tracker.saves).toBe(3);
    expect(tracker.progress?.location).toBe('basics/basics-l1');
  });

  it('resumes at the saved location with the saved answers, and says so', async () => {
    const progress: Progress = {
      v: 1,
      location: 'basics/basics-q2',
      visited: ['basics/basics-l1', 'basics/basics-q1', 'basics/basics-q2'],
      answers: { 'basics-q1': ['a'] },
    };
    const user = await open(new MemoryTracker({ progress }));
    expect(screen.getByRole('heading', { level: 1, name: 'Question 2 of 2' })).toBeInTheDocument();
    expect(screen.getByText('Welcome back — you are where you left off.')).toHaveAttribute('role', 'status');

    await user.click(previous());
    expect(screen.queryByText('Welcome back — you are where you left off.')).not.toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'The use of a vehicle' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'The use of a vehicle' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Submit answer' })).not.toBeInTheDocument();
    expect(feedback()).toHaveTextContent(/^Not quite\./);
  });

  it('starts at page 1 when the saved location no longer exists, keeping answers that still fit', async () => {
    const progress: Progress = {
      v: 1,
      location: 'basics/removed-page',
      visited: [],
      answers: { 'basics-q1': ['b'], 'basics-q2': ['gone'], 'removed-q': ['a'] },
    };
    const tracker = new MemoryTracker({ progress });
    const user = await open(tracker);
    expect(screen.getByRole('heading', { level: 1, name: LESSON })).toBeInTheDocument();
    await user.click(next());
    expect(screen.getByRole('radio', { name: 'A financial or other material benefit' })).toBeChecked();
    expect(tracker.progress?.answers).toEqual({ 'basics-q1': ['b'] });
  });

  it('asks for a choice before submitting, and records nothing', async () => {
    const tracker = new MemoryTracker();
    const user = await open(tracker);
    await user.click(next());
    await user.click(screen.getByRole('button', { name: 'Submit answer' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Choose an answer, then submit it.');
    expect(tracker.answers).toEqual([]);
  });

  it('does not complete while questions are unanswered', async () => {
    const tracker = new MemoryTracker();
    const user = await open(tracker);
    await user.click(next());
    await user.click(next());
    await user.click(next());
    expect(screen.getByRole('heading', { level: 1, name: 'Results' })).toBeInTheDocument();
    expect(screen.getByText('Your score: 0%')).toBeInTheDocument();
    expect(
      screen.getByText('You have answered 0 of 2 questions. Answer them all to get your result.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/You passed|You did not pass/)).not.toBeInTheDocument();
    expect(tracker.completion).toBeNull();
  });

  it('does not report completion again when a session resumes on the results page', async () => {
    const progress: Progress = {
      v: 1,
      location: 'basics/results',
      visited: [],
      answers: { 'basics-q1': ['b'], 'basics-q2': ['no'] },
    };
    const tracker = new MemoryTracker({ progress });
    const user = await open(tracker);
    expect(screen.getByText('You passed. The pass mark is 80%.')).toBeInTheDocument();
    expect(tracker.completion).toBeNull();
    await user.click(previous());
    await user.click(next());
    expect(tracker.completion).toEqual({ scorePercent: 100, passed: true });
  });

  it('the module menu goes to the first page of the module', async () => {
    const user = await open(
      new MemoryTracker({ progress: { v: 1, location: 'basics/results', visited: [], answers: {} } }),
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Results' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Module 1: The basics' }));
    expect(screen.getByRole('heading', { level: 1, name: LESSON })).toBeInTheDocument();
  });

  it('tells the learner when there is no LMS, and still runs the course', async () => {
    const user = await open(new Scorm12Tracker({ api: null }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This course cannot reach your learning platform, so your progress will not be saved.',
    );
    await user.click(next());
    expect(screen.getByRole('heading', { level: 1, name: 'Question 1 of 2' })).toBeInTheDocument();
  });
});
