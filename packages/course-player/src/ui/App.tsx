import { useEffect, useMemo, useState } from 'react';
import type { CourseBundle, RuntimeConfig } from '@course/contracts';
import { coursePages } from '../course/pages.js';
import { restoreProgress, type RestoredState } from '../course/restore-progress.js';
import { t } from '../i18n/t.js';
import type { Tracker, TrackerEventType } from '../tracking/tracker.js';
import { Player } from './Player.js';

export interface AppProps {
  bundle: CourseBundle;
  runtime: RuntimeConfig;
  tracker: Tracker;
}

interface Session {
  restored: RestoredState;
  resumed: boolean;
  learnerName: string;
}

/** Starts the tracker (who the learner is, whether this resumes), restores saved progress, then hands over to the Player. */
export function App({ bundle, runtime, tracker }: AppProps) {
  const pages = useMemo(() => coursePages(bundle), [bundle]);
  const [session, setSession] = useState<Session | null>(null);
  const [events, setEvents] = useState<TrackerEventType[]>([]);

  useEffect(() => {
    let active = true;
    const off = tracker.on((event) => {
      if (active) setEvents((seen) => (seen.includes(event.type) ? seen : [...seen, event.type]));
    });
    void (async () => {
      const learner = await tracker.start();
      const progress = await tracker.loadProgress();
      if (active)
        setSession({
          restored: restoreProgress(progress, pages, bundle),
          resumed: learner.resumed || progress !== null,
          learnerName: learner.learnerName,
        });
    })();
    return () => {
      active = false;
      off();
    };
  }, [tracker, pages, bundle]);

  if (!session)
    return (
      <p className="loading" role="status">
        {t('loading')}
      </p>
    );
  return (
    <Player
      bundle={bundle}
      pages={pages}
      passMark={runtime.masteryScore}
      tracker={tracker}
      initial={session.restored}
      resumed={session.resumed}
      learnerName={session.learnerName}
      events={events}
    />
  );
}
