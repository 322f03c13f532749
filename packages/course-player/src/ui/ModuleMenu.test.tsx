import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BundleItem, Response } from '@course/contracts';
import { answerCurrent, h1, next } from '../../test/drive';
import {
  fixtureBundle,
  fixtureCourseBundle,
  fixtureProgress as progress,
  fixtureRuntime,
} from '../../test/fixtures/fixtures';
import { coursePages } from '../course/pages';
import { MemoryTracker } from '../tracking/memory/memory-tracker';
import { App } from './App';
import { contentsMenu } from './contents-menu';

const bundle = fixtureBundle();
const course = fixtureCourseBundle();
const runtime = fixtureRuntime({ target: 'memory' });
/** The fixture module's pages: overview, 2 lessons, case study, scenario, 8 questions, results, summary. */
const MODULE_PAGES = 15;
const LESSONS = [
  'What the Protocol calls smuggling',
  'Smuggling and trafficking compared',
  'A rescue at sea',
  'The first interview',
];

/** The right response to an item, in the shape progress keeps it. */
function rightResponse(item: BundleItem): Response {
  switch (item.type) {
    case 'single-choice':
      return [item.correct];
    case 'multiple-response':
      return item.correct;
    case 'true-false':
      return item.correct;
    case 'matching':
      return Object.fromEntries(item.pairs.map((p) => [p.id, p.id]));
    case 'ordering':
      return item.steps.map((step) => step.id);
    case 'categorising':
      return Object.fromEntries(item.entries.map((e) => [e.id, e.category]));
    case 'short-text':
      return item.accepted[0]!;
    case 'numeric':
      return item.answer;
  }
}

async function open(tracker = new MemoryTracker(), which = bundle) {
  const user = userEvent.setup();
  render(<App bundle={which} runtime={runtime} tracker={tracker} />);
  await screen.findByRole('heading', { level: 1 });
  return user;
}

const contents = () => screen.getByRole('navigation', { name: 'Course contents' });
const moduleButton = (name = 'Module 1: The basics') => within(contents()).getByRole('button', { name });
const lessons = (module = 'Module 1: The basics') =>
  within(contents()).getByRole('list', { name: `Lessons of ${module}` });
const lessonButton = (name: string) => within(lessons()).getByRole('button', { name });

describe('contents menu: progress per module and the current module’s lessons', () => {
  it('shows pages seen for the module and lists its lessons, case study and scenario, not yet seen', async () => {
    await open();
    expect(moduleButton()).toHaveAttribute('aria-current', 'true');
    expect(moduleButton()).toHaveAccessibleDescription(`1 of ${MODULE_PAGES} pages seen`);
    expect(within(contents()).getByText(`1 of ${MODULE_PAGES} pages seen`)).toBeVisible();
    expect(
      within(lessons())
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(LESSONS);
    for (const name of LESSONS) {
      expect(lessonButton(name)).toHaveAccessibleDescription('Not seen yet');
      expect(lessonButton(name)).not.toHaveAttribute('aria-current');
    }
    // No knowledge-check result before every item is answered.
    expect(within(contents()).queryByText(/^Knowledge check/)).not.toBeInTheDocument();
  });

  it('marks the current lesson with aria-current="page" and lessons opened as seen, in text', async () => {
    const user = await open();
    await user.click(next());
    expect(h1(LESSONS[0]!)).toBeInTheDocument();
    expect(lessonButton(LESSONS[0]!)).toHaveAttribute('aria-current', 'page');
    expect(lessonButton(LESSONS[0]!)).toHaveAccessibleDescription('Seen');
    expect(within(lessons()).getAllByText('Seen')).toHaveLength(1);
    expect(moduleButton()).toHaveAccessibleDescription(`2 of ${MODULE_PAGES} pages seen`);

    await user.click(next());
    expect(lessonButton(LESSONS[0]!)).not.toHaveAttribute('aria-current');
    expect(lessonButton(LESSONS[0]!)).toHaveAccessibleDescription('Seen');
    expect(lessonButton(LESSONS[1]!)).toHaveAttribute('aria-current', 'page');
    expect(lessonButton(LESSONS[3]!)).toHaveAccessibleDescription('Not seen yet');
  });

  it('a lesson in the menu opens that page and moves focus to its heading', async () => {
    const user = await open();
    await user.click(lessonButton('The first interview'));
    expect(h1('The first interview')).toHaveFocus();
    expect(lessonButton('The first interview')).toHaveAttribute('aria-current', 'page');
    expect(lessonButton('The first interview')).toHaveAccessibleDescription('Seen');
    expect(lessonButton('A rescue at sea')).toHaveAccessibleDescription('Not seen yet');
  });

  it('gives the knowledge-check result once every item is answered: failed with its percentage', async () => {
    const user = await open(new MemoryTracker({ progress: progress({ location: 'basics/basics-q1' }) }));
    for (let n = 1; n <= 8; n += 1) {
      await answerCurrent(user, n, n % 2 === 0);
      await user.click(next());
    }
    expect(h1('Results')).toBeInTheDocument();
    const result = within(contents()).getByText('Knowledge check: failed, 50%');
    expect(result).toHaveClass('menu-check-failed');
    expect(moduleButton()).toHaveAccessibleDescription(
      `9 of ${MODULE_PAGES} pages seen Knowledge check: failed, 50%`, // the 8 questions and results
    );
  });

  it('a resumed session counts the saved visited pages and answered questions, and shows a pass', async () => {
    const items = bundle.modules[0]!.knowledgeCheck.items;
    const right = Object.fromEntries(items.map((item) => [item.id, rightResponse(item)]));
    await open(
      new MemoryTracker({
        progress: progress({
          location: 'basics/results',
          visited: ['basics/overview', 'basics/basics-l2'],
          answers: right,
        }),
      }),
    );
    expect(h1('Results')).toBeInTheDocument();
    expect(screen.getByText('Your score: 100%')).toBeInTheDocument();
    // overview, lesson 2, the 8 answered questions, results (the current page)
    expect(moduleButton()).toHaveAccessibleDescription(
      `11 of ${MODULE_PAGES} pages seen Knowledge check: passed, 100%`,
    );
    expect(within(contents()).getByText('Knowledge check: passed, 100%')).toHaveClass('menu-check-passed');
    expect(lessonButton(LESSONS[0]!)).toHaveAccessibleDescription('Not seen yet');
    expect(lessonButton(LESSONS[1]!)).toHaveAccessibleDescription('Seen');
    expect(within(lessons()).queryByRole('button', { current: 'page' })).toBeNull();
  });

  it('in a course package lists the lessons of the current module only, and none on course-level pages', async () => {
    const user = await open(new MemoryTracker(), course);
    expect(within(contents()).queryAllByRole('list', { name: /^Lessons of/ })).toEqual([]);
    expect(moduleButton()).toHaveAccessibleDescription(`0 of ${MODULE_PAGES} pages seen`);
    expect(moduleButton('Module 2: Going further')).toHaveAccessibleDescription(
      `0 of ${MODULE_PAGES} pages seen`,
    );
    // Course-level entries have no progress line.
    expect(within(contents()).getByRole('button', { name: 'Final assessment' })).not.toHaveAttribute(
      'aria-describedby',
    );

    await user.click(moduleButton('Module 2: Going further'));
    expect(moduleButton('Module 2: Going further')).toHaveAttribute('aria-current', 'true');
    expect(moduleButton()).not.toHaveAttribute('aria-current');
    expect(lessons('Module 2: Going further')).toBeInTheDocument();
    expect(within(contents()).getAllByRole('list', { name: /^Lessons of/ })).toHaveLength(1);
    expect(moduleButton('Module 2: Going further')).toHaveAccessibleDescription(
      `1 of ${MODULE_PAGES} pages seen`,
    );
  });
});

describe('contents menu on narrow screens', () => {
  it('opens from a "Course contents" disclosure button, and closes when an entry is chosen', async () => {
    const user = await open();
    const toggle = screen.getByRole('button', { name: 'Course contents' });
    const nav = contents();
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveAttribute('aria-controls', nav.id);
    expect(toggle.parentElement).not.toHaveClass('module-menu-open');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(toggle.parentElement).toHaveClass('module-menu-open');
    await user.click(lessonButton('A rescue at sea'));
    expect(h1('A rescue at sea')).toHaveFocus();
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
  });
});

describe('contentsMenu', () => {
  const pages = coursePages(course);
  const at = (key: string) => pages.findIndex((p) => p.key === key);

  it('is one entry per course-level page and module, with progress for modules', () => {
    const menu = contentsMenu(pages, at('more/more-l1'), ['more/overview', 'more/more-l1'], {}, 80);
    expect(menu.map((e) => [e.label, e.current, e.progress?.seen ?? null])).toEqual([
      ['Where do you start?', false, null],
      ['Module 1: The basics', false, 0],
      ['Module 2: Going further', true, 2],
      ['Final assessment', false, null],
      ['Certificate of completion', false, null],
    ]);
    expect(menu[2]!.pages!.map((p) => [p.label, p.seen, p.current, pages[p.pageIndex]!.key])).toEqual([
      ['What the Protocol calls smuggling', true, true, 'more/more-l1'],
      ['Smuggling and trafficking compared', false, false, 'more/more-l2'],
      ['A rescue at sea', false, false, 'more/more-case'],
      ['The first interview', false, false, 'more/more-sc'],
    ]);
    expect(menu[1]!.pages).toBeUndefined();
  });

  it('counts an answered question as seen and judges the check against the pass mark', () => {
    const items = course.modules[0]!.knowledgeCheck.items;
    const wrong = Object.fromEntries(items.map((i) => [i.id, i.type === 'true-false' ? true : ['zz']]));
    const menu = contentsMenu(pages, at('basics/results'), [], wrong, 80);
    expect(menu[1]!.progress).toEqual({
      seen: items.length,
      total: MODULE_PAGES,
      check: { percent: 0, passed: false },
    });
    const { check } = contentsMenu(pages, 0, [], wrong, 0)[1]!.progress!;
    expect(check).toEqual({ percent: 0, passed: true });
  });
});
