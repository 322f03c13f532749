import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fixtureBundle, fixtureRuntime } from '../../test/fixtures/fixtures';
import { installLms, removeLms, storedCmi } from '../../test/scorm12-lms';
import { findScorm12Api } from '../tracking/scorm/find-api';
import { Scorm12Tracker } from '../tracking/scorm/scorm12-tracker';
import { App } from './App';

const bundle = fixtureBundle();
const runtime = fixtureRuntime({ target: 'scorm12' });

afterEach(removeLms);

describe('App on a SCORM 1.2 LMS (scorm-again), across two sessions', () => {
  it('session 2 resumes where session 1 left off, with its answer, and reports the result to the LMS', async () => {
    // Session 1: read the lesson, answer question 1, go on to question 2, leave.
    const lms1 = installLms({ entry: 'ab-initio' });
    const tracker1 = new Scorm12Tracker({ api: findScorm12Api(window) });
    const user = userEvent.setup();
    const first = render(<App bundle={bundle} runtime={runtime} tracker={tracker1} />);
    await screen.findByRole('heading', { level: 1, name: 'What the Protocol calls smuggling' });
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('radio', { name: 'A financial or other material benefit' }));
    await user.click(screen.getByRole('button', { name: 'Submit answer' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(lms1.cmi.core.lesson_location).toBe('basics/basics-q2');
    await tracker1.terminate();
    first.unmount();
    const cmi = JSON.parse(JSON.stringify(storedCmi(lms1)));
    expect(cmi.core.exit).toBe('suspend');
    expect(cmi.core.lesson_status).toBe('incomplete');

    // Session 2: the LMS restores the CMI and launches with entry "resume".
    removeLms();
    const lms2 = installLms({ cmi, entry: 'resume' });
    const tracker2 = new Scorm12Tracker({ api: findScorm12Api(window) });
    render(<App bundle={bundle} runtime={runtime} tracker={tracker2} />);
    expect(await screen.findByText('Welcome back — you are where you left off.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Question 2 of 2' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Previous' }));
    expect(screen.getByRole('radio', { name: 'A financial or other material benefit' })).toBeChecked();
    expect(screen.queryByRole('button', { name: 'Submit answer' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('radio', { name: 'No, article 5 rules it out' }));
    await user.click(screen.getByRole('button', { name: 'Submit answer' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(screen.getByText('Your score: 100%')).toBeInTheDocument();
    expect(lms2.cmi.core.lesson_status).toBe('passed');
    expect(lms2.cmi.core.score.raw).toBe('100');
    expect(lms2.LMSGetValue('cmi.interactions._count')).toBe('2');
  });
});
