import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { answerCurrent, feedback, h1, next, previous, submit } from '../../test/drive';
import { fixtureBundle, fixtureProgress as progress, fixtureRuntime } from '../../test/fixtures/fixtures';
import { MemoryTracker } from '../tracking/memory/memory-tracker';
import { Scorm12Tracker } from '../tracking/scorm/scorm12-tracker';
import type { Tracker } from '../tracking/tracker';
import { App } from './App';

const bundle = fixtureBundle();
const runtime = fixtureRuntime({ target: 'memory' });

async function open(tracker: Tracker = new MemoryTracker()) {
  const user = userEvent.setup();
  render(<App bundle={bundle} runtime={runtime} tracker={tracker} />);
  await screen.findByRole('heading', { level: 1 });
  return user;
}

describe('App with the memory tracker', () => {
  it('walks every page type: overview, lessons, case study, scenario, questions, results, summary', async () => {
    const tracker = new MemoryTracker();
    const user = await open(tracker);

    // Overview
    expect(screen.getByText('Fixture course on migrant smuggling')).toBeInTheDocument();
    expect(h1('The basics')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Objectives' })).toBeInTheDocument();
    expect(screen.getByText('Name the elements of smuggling.')).toBeInTheDocument();
    expect(screen.getByText('C02: Distinguishes smuggling from trafficking in persons')).toBeInTheDocument();
    const modules = screen.getByRole('navigation', { name: 'Course contents' });
    expect(within(modules).getByRole('button', { name: 'Module 1: The basics' })).toHaveAttribute(
      'aria-current',
      'true',
    );
    expect(previous()).toBeDisabled();

    // Lesson 1, with a practice item: feedback, recorded as practice, not scored
    await user.click(next());
    expect(h1('What the Protocol calls smuggling')).toHaveFocus();
    expect(screen.getByText('Smuggling of migrants', { selector: 'dt' })).toBeInTheDocument();
    const practice = screen.getByRole('group', { name: 'Practice: who is the author of smuggling?' });
    await user.click(within(practice).getByRole('radio', { name: 'The migrant' }));
    await user.click(screen.getByRole('button', { name: 'Submit answer' }));
    expect(feedback()).toHaveTextContent(/^Not quite\. The migrant is its object\./);
    expect(tracker.answers.map((a) => [a.item.id, a.practice, a.success])).toEqual([
      ['basics-l1-q1', true, false],
    ]);
    expect(tracker.progress?.practice).toEqual({ 'basics-l1-q1': ['b'] });

    await user.click(next());
    expect(h1('Smuggling and trafficking compared')).toBeInTheDocument();
    await user.click(next());
    expect(h1('A rescue at sea')).toBeInTheDocument();
    expect(screen.queryByText('Illustrative case')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Sources' })).toBeInTheDocument();

    // Scenario: three decisions to the good ending
    await user.click(next());
    expect(h1('The first interview')).toBeInTheDocument();
    expect(screen.getByText('Illustrative scenario')).toBeInTheDocument();
    expect(screen.getByText('You are a border police officer at a landing point.')).toBeInTheDocument();
    const decisions = [
      ['A man says he paid for the trip.', 'Ask who organised the trip', 'He names the organiser'],
      ['He is afraid of reprisals.', 'Explain the protection available', 'He feels safer'],
      [
        'He offers to show messages on his phone.',
        'Record the messages with his consent',
        'lawfully obtained',
      ],
    ];
    for (const [node, choice, consequence] of decisions) {
      const group = screen.getByRole('group', { name: node });
      await user.click(within(group).getByRole('button', { name: choice }));
      expect(screen.getByText(`You chose: ${choice}`)).toBeInTheDocument();
      expect(screen.getAllByRole('status').some((s) => s.textContent?.includes(consequence!))).toBe(true);
      expect(screen.getByRole('button', { name: 'Continue' })).toHaveFocus();
      await user.click(screen.getByRole('button', { name: 'Continue' }));
    }
    expect(
      screen.getByRole('heading', { level: 2, name: 'Ending: A case against the organiser' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Outcome: good')).toBeInTheDocument();
    expect(tracker.progress?.scenarios).toEqual({ 'basics-sc': ['a', 'a', 'a'] });
    await user.click(screen.getByRole('button', { name: 'Restart the scenario' }));
    expect(screen.getByRole('group', { name: 'A man says he paid for the trip.' })).toBeInTheDocument();
    expect(tracker.progress?.scenarios).toEqual({ 'basics-sc': [] });

    // Knowledge check: odd items wrong, even items right
    for (let n = 1; n <= 8; n += 1) {
      await user.click(next());
      expect(h1(`Question ${n} of 8`)).toHaveFocus();
      await answerCurrent(user, n, n % 2 === 0);
      expect(feedback()).toHaveTextContent(n % 2 === 0 ? /^Correct\./ : /^Not quite\./);
      expect(feedback()).toHaveTextContent(/Source: /);
      expect(screen.queryByRole('button', { name: 'Submit answer' })).not.toBeInTheDocument();
    }

    await user.click(next());
    expect(h1('Results')).toBeInTheDocument();
    expect(screen.getByText('Your score: 50%')).toBeInTheDocument();
    expect(screen.getByText('You did not pass. The pass mark is 80%.')).toBeInTheDocument();
    expect(tracker.completion).toEqual({ scorePercent: 50, passed: false });

    await user.click(next());
    expect(h1('Summary')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Key takeaways' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'References' })).toBeInTheDocument();
    expect(next()).toBeDisabled();
    expect(tracker.answers.filter((a) => !a.practice).map((a) => [a.item.id, a.success])).toEqual(
      bundle.modules[0]!.knowledgeCheck.items.map((item, i) => [item.id, i % 2 === 1]),
    );
  });

  it('passes with every answer right', async () => {
    const tracker = new MemoryTracker({ progress: progress({ location: 'basics/basics-q1' }) });
    const user = await open(tracker);
    for (let n = 1; n <= 8; n += 1) {
      await answerCurrent(user, n, true);
      await user.click(next());
    }
    expect(screen.getByText('Your score: 100%')).toBeInTheDocument();
    expect(screen.getByText('You passed. The pass mark is 80%.')).toBeInTheDocument();
    expect(tracker.completion).toEqual({ scorePercent: 100, passed: true });
  });

  it('saves progress on every page change and every answer', async () => {
    const tracker = new MemoryTracker({ progress: progress({ location: 'basics/basics-sc' }) });
    const user = await open(tracker);
    expect(tracker.saves).toBe(0);
    await user.click(next());
    expect(tracker.progress).toEqual(
      progress({ location: 'basics/basics-q1', visited: ['basics/basics-sc', 'basics/basics-q1'] }),
    );
    await answerCurrent(user, 1, false);
    expect(tracker.saves).toBe(2);
    expect(tracker.progress?.answers).toEqual({ 'basics-q1': ['a'] });
    await user.click(previous());
    expect(tracker.saves).toBe(3);
    expect(tracker.progress?.location).toBe('basics/basics-sc');
  });

  it('resumes at the saved location with the saved answers, and says so', async () => {
    const tracker = new MemoryTracker({
      progress: progress({ location: 'basics/basics-q2', answers: { 'basics-q1': ['a'] } }),
    });
    const user = await open(tracker);
    expect(h1('Question 2 of 8')).toBeInTheDocument();
    expect(
      screen.getByText('Welcome back — continue where you left off (page 7) or start again.'),
    ).toHaveAttribute('role', 'status');
    await user.click(previous());
    expect(screen.getByRole('radio', { name: 'The use of a vehicle' })).toBeChecked();
    expect(feedback()).toHaveTextContent(/^Not quite\./);
  });

  it('asks for a choice before submitting, and records nothing', async () => {
    const tracker = new MemoryTracker({ progress: progress({ location: 'basics/basics-q1' }) });
    const user = await open(tracker);
    await user.click(submit());
    expect(screen.getByRole('alert')).toHaveTextContent('Choose an answer, then submit it.');
    expect(tracker.answers).toEqual([]);
  });

  it('does not complete while questions are unanswered', async () => {
    const tracker = new MemoryTracker({ progress: progress({ location: 'basics/basics-q8' }) });
    const user = await open(tracker);
    await user.click(next());
    expect(h1('Results')).toBeInTheDocument();
    expect(screen.getByText('Your score: 0%')).toBeInTheDocument();
    expect(
      screen.getByText('You have answered 0 of 8 questions. Answer them all to get your result.'),
    ).toBeInTheDocument();
    expect(tracker.completion).toBeNull();
  });

  it('the module menu goes to the first page of the module', async () => {
    const user = await open(new MemoryTracker({ progress: progress({ location: 'basics/results' }) }));
    expect(h1('Results')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Module 1: The basics' }));
    expect(h1('The basics')).toBeInTheDocument();
  });

  it('tells the learner when there is no LMS, and still runs the course', async () => {
    const user = await open(new Scorm12Tracker({ api: null }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This course cannot reach your learning platform, so your progress will not be saved.',
    );
    await user.click(next());
    expect(h1('What the Protocol calls smuggling')).toBeInTheDocument();
  });
});
