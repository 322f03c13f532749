import { createRoot } from 'react-dom/client';
import { t } from '../i18n/t.js';
import { selectTracker, UnsupportedTargetError } from '../tracking/select-tracker.js';
import type { Tracker } from '../tracking/tracker.js';
import { App } from '../ui/App.js';
import { FatalScreen } from '../ui/FatalScreen.js';
import { loadPackage } from './load-package.js';
import { launchModule, scopeToModule } from './module-scope.js';

export interface PlayerEnvironment {
  window: Window;
  fetch?: typeof fetch;
}

/**
 * The shell: load and parse runtime.json and course.json, reduce them to one module when the launch
 * says `?module=<id>`, pick the Tracker for runtime.target, render the course. Any failure to start
 * shows a fatal screen that says what failed.
 * Resolves with the tracker once the course is rendered, or null when it could not start.
 */
export async function startPlayer(container: HTMLElement, env: PlayerEnvironment): Promise<Tracker | null> {
  const root = createRoot(container);
  root.render(
    <p className="loading" role="status">
      {t('loading')}
    </p>,
  );
  const loaded = await loadPackage(env.fetch);
  if (!loaded.ok) {
    root.render(<FatalScreen message={t('fatalFile', { file: loaded.file, reason: loaded.reason })} />);
    return null;
  }
  let { bundle, runtime } = loaded;
  const moduleId = launchModule(env.window.location.search);
  if (moduleId !== null) {
    const scoped = scopeToModule(bundle, runtime, moduleId);
    if (!scoped) {
      root.render(<FatalScreen message={t('fatalModule', { module: moduleId })} />);
      return null;
    }
    ({ bundle, runtime } = scoped);
  }
  const doc = env.window.document;
  doc.documentElement.lang = bundle.language;
  doc.documentElement.dir = bundle.direction;
  doc.title = bundle.title;

  let tracker: Tracker;
  try {
    tracker = selectTracker(bundle, runtime, { window: env.window, search: env.window.location.search });
  } catch (error) {
    if (!(error instanceof UnsupportedTargetError)) throw error;
    root.render(<FatalScreen message={t('fatalTarget', { target: error.target })} />);
    return null;
  }
  tracker.on((event) => console.warn(`[course-player] ${event.code} (${event.type}): ${event.message}`));
  env.window.addEventListener('pagehide', () => void tracker.terminate());
  root.render(<App bundle={bundle} runtime={runtime} tracker={tracker} />);
  return tracker;
}
