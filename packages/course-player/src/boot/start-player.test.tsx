import { act, screen, within } from '@testing-library/react';
import { fixtureBundle, fixtureCourseBundle, fixtureRuntime } from '../../test/fixtures/fixtures';
import { fakeResponse } from '../../test/http';
import { installLms, removeLms, storedCmi } from '../../test/scorm12-lms';
import type * as SelectTracker from '../tracking/select-tracker';
import { selectTracker, UnsupportedTargetError } from '../tracking/select-tracker';
import { startPlayer } from './start-player';

jest.mock('../tracking/select-tracker', () => {
  const actual = jest.requireActual<typeof SelectTracker>('../tracking/select-tracker');
  return { ...actual, selectTracker: jest.fn(actual.selectTracker) };
});

type Files = Record<string, () => Response>;

function fetchFrom(files: Files): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const file = files[String(input)];
    if (!file) return fakeResponse(404, 'not found', 'Not Found');
    return file();
  }) as typeof fetch;
}

const json = (value: unknown) => () => fakeResponse(200, JSON.stringify(value));
const goodFiles = (runtime = fixtureRuntime()): Files => ({
  './course.json': json(fixtureBundle()),
  './runtime.json': json(runtime),
});

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  jest.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  container.remove();
  removeLms();
  jest.restoreAllMocks();
});

async function start(files: Files) {
  let result: Awaited<ReturnType<typeof startPlayer>> = null;
  await act(async () => {
    result = await startPlayer(container, { window, fetch: fetchFrom(files) });
  });
  return result;
}

describe('startPlayer', () => {
  it('loads course.json and runtime.json relative to index.html, sets lang/dir/title and shows the course', async () => {
    const requested: string[] = [];
    const files = goodFiles();
    const tracker = await start(
      Object.fromEntries(
        Object.entries(files).map(([name, respond]) => [
          name,
          () => {
            requested.push(name);
            return respond();
          },
        ]),
      ),
    );
    expect(tracker).not.toBeNull();
    expect(requested.sort()).toEqual(['./course.json', './runtime.json']);
    expect(await screen.findByRole('heading', { name: 'The basics', level: 1 })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.title).toBe('Fixture course on migrant smuggling');
  });

  it('takes lang and dir from the course', async () => {
    const rtl = { ...fixtureBundle(), language: 'ar', direction: 'rtl' };
    await start({ ...goodFiles(), './course.json': json(rtl) });
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
  });

  it.each([
    [
      'course.json missing',
      { './course.json': () => fakeResponse(404, '', 'Not Found') },
      /course\.json.*404 Not Found/,
    ],
    [
      'runtime.json not JSON',
      { './runtime.json': () => fakeResponse(200, '{ target: scorm12') },
      /runtime\.json.*not valid JSON/,
    ],
    [
      'runtime.json with an unknown target',
      { './runtime.json': json({ ...fixtureRuntime(), target: 'aicc' }) },
      /runtime\.json.*expected content.*target/,
    ],
    [
      'course.json without modules',
      { './course.json': json({ ...fixtureBundle(), modules: [] }) },
      /course\.json.*expected content.*modules/,
    ],
    [
      'course.json unreachable',
      {
        './course.json': () => {
          throw new TypeError('Failed to fetch');
        },
      },
      /course\.json.*could not be downloaded \(Failed to fetch\)/,
    ],
  ])('shows a fatal screen naming the file when %s', async (_what, broken, message) => {
    const tracker = await start({ ...goodFiles(), ...(broken as Files) });
    expect(tracker).toBeNull();
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('The course could not start');
    expect(alert).toHaveTextContent(message);
  });

  it('shows a fatal screen for a target this player cannot run', async () => {
    // Every target of this version has an adapter; an older player meeting a newer target says so.
    jest.mocked(selectTracker).mockImplementationOnce((_bundle, runtime) => {
      throw new UnsupportedTargetError(runtime.target);
    });
    await start(goodFiles(fixtureRuntime({ target: 'scorm2004' })));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'This course package was built for "scorm2004", which this player version cannot run.',
    );
  });

  describe('?module=<id> (cmi5 AUs, the SCORM 2004 sequenced course)', () => {
    const courseFiles = (): Files => ({
      './course.json': json(fixtureCourseBundle()),
      './runtime.json': json(fixtureRuntime()),
    });
    afterEach(() => window.history.replaceState(null, '', '/'));

    it('without it, a course package starts with the pre-assessment', async () => {
      await start(courseFiles());
      expect(
        await screen.findByRole('heading', { name: 'Where do you start?', level: 1 }),
      ).toBeInTheDocument();
    });

    it('plays only that module: no pre-assessment, final assessment or certificate', async () => {
      window.history.replaceState(null, '', '/index.html?module=more');
      const tracker = await start(courseFiles());
      expect(tracker).not.toBeNull();
      expect(await screen.findByRole('heading', { name: 'Going further', level: 1 })).toBeInTheDocument();
      const contents = screen.getByRole('navigation', { name: 'Course contents' });
      const lessons = within(contents).getByRole('list', { name: 'Lessons of Module 2: Going further' });
      expect(
        within(contents)
          .getAllByRole('button')
          .filter((b) => !lessons.contains(b))
          .map((b) => b.textContent),
      ).toEqual(['Module 2: Going further']);
      expect(screen.getByText('Page 1 of 15')).toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Glossary' })).toBeInTheDocument();
    });

    it('shows the fatal screen naming an unknown module', async () => {
      window.history.replaceState(null, '', '/index.html?module=m99');
      expect(await start(courseFiles())).toBeNull();
      expect(screen.getByRole('alert')).toHaveTextContent(
        'The launch asked for module "m99", which this course package does not have.',
      );
    });
  });

  it('terminates the SCORM session on pagehide', async () => {
    const api = installLms();
    await start(goodFiles(fixtureRuntime({ target: 'scorm12' })));
    await screen.findByRole('heading', { name: 'The basics', level: 1 });
    expect(api.isInitialized()).toBe(true);
    await act(async () => {
      window.dispatchEvent(new Event('pagehide'));
    });
    expect(api.isTerminated()).toBe(true);
    expect((storedCmi(api).core as { exit: string }).exit).toBe('suspend');
  });
});
