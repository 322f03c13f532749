import { useEffect, useRef, useState } from 'react';
import type { BundleItem, BundleModule, CourseBundle, Progress, Response } from '@course/contracts';
import { capShortText, PROGRESS_FORMAT_VERSION } from '@course/contracts';
import type { Page } from '../course/pages.js';
import type { RestoredState } from '../course/restore-progress.js';
import { isCorrect } from '../course/responses.js';
import { packageResult, type Answers } from '../course/scoring.js';
import { t } from '../i18n/t.js';
import type { Tracker, TrackerEventType } from '../tracking/tracker.js';
import { ModuleMenu } from './ModuleMenu.js';
import { PageNav } from './PageNav.js';
import { CaseStudyPage, LessonPage, OverviewPage, QuestionPage, ScenarioPage, SummaryPage } from './Pages.js';
import { ResultsPage } from './ResultsPage.js';
import { TrackingBanner } from './TrackingBanner.js';

export interface PlayerProps {
  bundle: CourseBundle;
  pages: Page[];
  passMark: number;
  tracker: Tracker;
  initial: RestoredState;
  resumed: boolean;
  events: TrackerEventType[];
}

interface Saved {
  answers: Answers;
  practice: Answers;
  scenarios: Record<string, string[]>;
}

const withVisited = (visited: string[], key: string) => (visited.includes(key) ? visited : [...visited, key]);

/** The course: header, module menu, the current page and page navigation. Saves on every change. */
export function Player({ bundle, pages, passMark, tracker, initial, resumed, events }: PlayerProps) {
  const [index, setIndex] = useState(initial.index);
  const [visited, setVisited] = useState(() => withVisited(initial.visited, pages[initial.index]!.key));
  const [state, setState] = useState<Saved>(() => ({
    answers: initial.answers,
    practice: initial.practice,
    scenarios: initial.scenarios,
  }));
  const [showResumed, setShowResumed] = useState(resumed);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const completed = useRef(false);
  const page = pages[index]!;
  const { answers } = state;

  const save = (location: number, nextVisited: string[], next: Saved) => {
    const progress: Progress = {
      v: PROGRESS_FORMAT_VERSION,
      location: pages[location]!.key,
      visited: nextVisited,
      ...next,
    };
    void tracker.saveProgress(progress);
  };

  const goTo = (target: number) => {
    if (target < 0 || target >= pages.length || target === index) return;
    const nextVisited = withVisited(visited, pages[target]!.key);
    moved.current = true;
    setIndex(target);
    setVisited(nextVisited);
    setShowResumed(false);
    save(target, nextVisited, state);
  };

  const update = (next: Saved) => {
    setState(next);
    save(index, visited, next);
  };

  const submit = (module: BundleModule, item: BundleItem, given: Response, practice: boolean) => {
    const bucket = practice ? 'practice' : 'answers';
    if (state[bucket][item.id] !== undefined) return;
    const response = typeof given === 'string' ? capShortText(given) : given;
    tracker.recordAnswer({
      module,
      item,
      response,
      success: isCorrect(item, response),
      practice,
      at: new Date(),
    });
    update({ ...state, [bucket]: { ...state[bucket], [item.id]: response } });
  };

  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
  }, [index]);

  // Reaching the results page (not resuming onto it: that session already reported) completes the package.
  useEffect(() => {
    if (page.kind !== 'results' || completed.current || !moved.current) return;
    const result = packageResult(bundle, answers, passMark);
    if (!result) return;
    completed.current = true;
    void tracker.complete(result);
  }, [page, bundle, answers, passMark, tracker]);

  return (
    <div className="player">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="player-header">
        <p className="course-title">{bundle.title}</p>
      </header>
      <TrackingBanner events={events} />
      <div className="player-body">
        <ModuleMenu
          modules={bundle.modules}
          currentIndex={page.moduleIndex}
          onSelect={(m) => goTo(pages.findIndex((p) => p.moduleIndex === m))}
        />
        <main id="main" className="page" tabIndex={-1}>
          {showResumed && (
            <p className="notice" role="status">
              {t('resumed')}
            </p>
          )}
          <p className="module-label">
            {t('moduleLabel', { number: page.module.number, title: page.module.title })}
          </p>
          {page.kind === 'overview' && (
            <OverviewPage key={page.key} module={page.module} bundle={bundle} headingRef={headingRef} />
          )}
          {page.kind === 'lesson' && (
            <LessonPage
              key={page.key}
              lesson={page.lesson}
              practice={state.practice}
              onPractice={(item, response) => submit(page.module, item, response, true)}
              headingRef={headingRef}
            />
          )}
          {page.kind === 'case-study' && (
            <CaseStudyPage
              key={page.key}
              caseStudy={page.caseStudy}
              practice={state.practice}
              onPractice={(item, response) => submit(page.module, item, response, true)}
              headingRef={headingRef}
            />
          )}
          {page.kind === 'scenario' && (
            <ScenarioPage
              key={page.key}
              scenario={page.scenario}
              path={state.scenarios[page.scenario.id] ?? []}
              onPath={(path) =>
                update({ ...state, scenarios: { ...state.scenarios, [page.scenario.id]: path } })
              }
              headingRef={headingRef}
            />
          )}
          {page.kind === 'question' && (
            <QuestionPage
              key={page.key}
              item={page.item}
              number={page.number}
              total={page.total}
              saved={answers[page.item.id]}
              onSubmit={(response) => submit(page.module, page.item, response, false)}
              headingRef={headingRef}
            />
          )}
          {page.kind === 'results' && (
            <ResultsPage module={page.module} answers={answers} passMark={passMark} headingRef={headingRef} />
          )}
          {page.kind === 'summary' && (
            <SummaryPage key={page.key} module={page.module} headingRef={headingRef} />
          )}
          <PageNav
            current={index + 1}
            total={pages.length}
            onPrevious={() => goTo(index - 1)}
            onNext={() => goTo(index + 1)}
          />
        </main>
      </div>
    </div>
  );
}
