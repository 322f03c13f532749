import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { decodeProgress } from '@course/contracts';
import { answerCurrent, feedback, h1, next, previous } from '../../test/drive';
import { fixtureBundle, fixtureRuntime } from '../../test/fixtures/fixtures';
import { installLms, removeLms, storedCmi } from '../../test/scorm12-lms';
import { findScorm12Api } from '../tracking/scorm/find-api';
import { Scorm12Tracker } from '../tracking/scorm/scorm12-tracker';
import { App } from './App';

const bundle = fixtureBundle();
const runtime = fixtureRuntime({ target: 'scorm12' });

afterEach(removeLms);

async function goTo(user: ReturnType<typeof userEvent.setup>, heading: string) {
  for (let i = 0; i < 20 && !screen.queryByRole('heading', { level: 1, name: heading }); i += 1)
    await user.click(next());
  expect(h1(heading)).toBeInTheDocument();
}

describe('App on a SCORM 1.2 LMS (scorm-again), across two sessions', () => {
  it('session 2 resumes mid-knowledge-check and mid-scenario, with every answer type, and reports the result', async () => {
    // Session 1: one scenario decision, a practice answer, knowledge-check items 1–7 (all right), leave at item 8.
    const lms1 = installLms({ entry: 'ab-initio' });
    const tracker1 = new Scorm12Tracker({ api: findScorm12Api(window) });
    const user = userEvent.setup();
    const first = render(<App bundle={bundle} runtime={runtime} tracker={tracker1} />);
    await screen.findByRole('heading', { level: 1, name: 'The basics' });
    await goTo(user, 'What the Protocol calls smuggling');
    await user.click(screen.getByRole('radio', { name: 'The smuggler' }));
    await user.click(screen.getByRole('button', { name: 'Submit answer' }));
    await goTo(user, 'The first interview');
    await user.click(screen.getByRole('button', { name: 'Ask who organised the trip' }));
    await user.click(screen.getByRole('button', { name: 'Continue' }));
    for (let n = 1; n <= 7; n += 1) {
      await goTo(user, `Question ${n} of 8`);
      await answerCurrent(user, n, true);
    }
    await user.click(next());
    expect(lms1.cmi.core.lesson_location).toBe('basics/basics-q8');
    expect(lms1.LMSGetValue('cmi.interactions._count')).toBe('7');
    await tracker1.terminate();
    first.unmount();
    const cmi = JSON.parse(JSON.stringify(storedCmi(lms1)));
    expect(cmi.core.exit).toBe('suspend');
    expect(cmi.core.lesson_status).toBe('incomplete');
    expect(decodeProgress(cmi.suspend_data)).toMatchObject({
      practice: { 'basics-l1-q1': ['a'] },
      scenarios: { 'basics-sc': ['a'] },
    });
    expect(cmi.interactions['3']).toMatchObject({
      id: 'basics-q4',
      type: 'matching',
      student_response: 'untoc.untoc,som.som,tip.tip',
      result: 'correct',
    });
    expect(cmi.interactions['4']).toMatchObject({
      type: 'sequencing',
      student_response: 'recruit,transport,entry',
    });
    expect(cmi.interactions['2']).toMatchObject({ type: 'true-false', student_response: 'f' });
    expect(cmi.interactions['6']).toMatchObject({ type: 'fill-in', student_response: 'ARTICLE 5.' });

    // Session 2: the LMS restores the CMI and launches with entry "resume".
    removeLms();
    const lms2 = installLms({ cmi, entry: 'resume' });
    const tracker2 = new Scorm12Tracker({ api: findScorm12Api(window) });
    render(<App bundle={bundle} runtime={runtime} tracker={tracker2} />);
    expect(
      await screen.findByText('Welcome back — continue where you left off (page 13) or start again.'),
    ).toBeInTheDocument();
    expect(h1('Question 8 of 8')).toBeInTheDocument();

    const back = async (n: number) => {
      await user.click(previous());
      expect(h1(`Question ${n} of 8`)).toBeInTheDocument();
      expect(feedback()).toHaveTextContent(/^Correct\./);
      expect(screen.queryByRole('button', { name: 'Submit answer' })).not.toBeInTheDocument();
    };
    await back(7);
    expect(screen.getByRole('textbox', { name: 'Your answer' })).toHaveValue('ARTICLE 5.');
    await back(6);
    expect(screen.getByRole('combobox', { name: 'The migrant consents' })).toHaveDisplayValue('Smuggling');
    await back(5);
    expect(
      screen
        .getAllByRole('listitem')
        .filter((li) => li.classList.contains('step'))
        .map((li) => li.querySelector('.step-text')?.textContent),
    ).toEqual(['Recruitment', 'Transport', 'Illegal entry']);
    await back(4);
    expect(screen.getByRole('combobox', { name: 'UNTOC' })).toHaveDisplayValue('Organized crime');
    await back(3);
    expect(screen.getByRole('radio', { name: 'False' })).toBeChecked();
    await back(2);
    expect(screen.getByRole('checkbox', { name: 'Procuring illegal entry' })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: 'A financial or other material benefit' })).toBeChecked();
    await back(1);
    expect(screen.getByRole('radio', { name: 'A financial or other material benefit' })).toBeChecked();

    // Mid-scenario: at the second decision point.
    await user.click(previous());
    expect(h1('The first interview')).toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'He is afraid of reprisals.' })).toBeInTheDocument();
    await user.click(previous());
    await user.click(previous());
    await user.click(previous());
    expect(h1('What the Protocol calls smuggling')).toBeInTheDocument();
    const practice = screen.getByRole('group', { name: 'Practice: who is the author of smuggling?' });
    expect(within(practice).getByRole('radio', { name: 'The smuggler' })).toBeChecked();

    await goTo(user, 'Question 8 of 8');
    await answerCurrent(user, 8, true);
    await user.click(next());
    expect(screen.getByText('Your score: 100%')).toBeInTheDocument();
    expect(lms2.cmi.core.lesson_status).toBe('passed');
    expect(lms2.cmi.core.score.raw).toBe('100');
    expect(lms2.LMSGetValue('cmi.interactions._count')).toBe('8');
    expect(storedCmi(lms2).interactions).toMatchObject({
      '7': { type: 'numeric', student_response: '2000' },
    });
  });
});
