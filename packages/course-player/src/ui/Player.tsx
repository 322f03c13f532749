import { useCallback, useEffect, useRef, useState, type MouseEvent } from 'react';
import type { BundleItem, CourseBundle, Progress, Response } from '@course/contracts';
import { capShortText, GLOSSARY_LINK_CLASS, PROGRESS_FORMAT_VERSION } from '@course/contracts';
import {
  drawFinalItems,
  drawnItems,
  FINAL_DRAW_KEY,
  FINAL_SUBMITTED_KEY,
  finalResult,
  finalState,
  localDay,
} from '../course/final-assessment.js';
import type { Page } from '../course/pages.js';
import type { RestoredState } from '../course/restore-progress.js';
import { isCorrect } from '../course/responses.js';
import { packageResult, type Answers } from '../course/scoring.js';
import { t } from '../i18n/t.js';
import type { AnswerParent, Tracker, TrackerEventType } from '../tracking/tracker.js';
import { CertificatePage } from './CertificatePage.js';
import { FinalAssessmentPage } from './FinalAssessmentPage.js';
import { Glossary } from './Glossary.js';
import { contentsMenu } from './contents-menu.js';
import { ModuleMenu } from './ModuleMenu.js';
import { PageNav } from './PageNav.js';
import { CaseStudyPage, LessonPage, OverviewPage, QuestionPage, ScenarioPage, SummaryPage } from './Pages.js';
import { Panel } from './Panel.js';
import { PreAssessmentPage } from './PreAssessmentPage.js';
import { Resources } from './Resources.js';
import { ResultsPage } from './ResultsPage.js';
import { ResumePrompt } from './ResumePrompt.js';
import { TrackingBanner } from './TrackingBanner.js';

export interface PlayerProps {
  bundle: CourseBundle;
  pages: Page[];
  passMark: number;
  tracker: Tracker;
  initial: RestoredState;
  resumed: boolean;
  events: TrackerEventType[];
  /** The learner's name as the LMS gives it (the certificate); may be blank. */
  learnerName?: string;
  /** Injected in tests: the final assessment's draw (default Math.random) and the clock. */
  random?: () => number;
  now?: () => Date;
  print?: () => void;
}

interface Saved {
  answers: Answers;
  practice: Answers;
  scenarios: Record<string, string[]>;
}

type PanelState = { kind: 'glossary'; term?: string } | { kind: 'resources' };

const assessmentParent = (a: { iri: string; title: string }): AnswerParent => ({
  iri: a.iri,
  title: a.title,
  kind: 'assessment',
});
const withVisited = (visited: string[], key: string) => (visited.includes(key) ? visited : [...visited, key]);
const without = (record: Record<string, string[]>, key: string) =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));

/** The course: header, contents menu, the current page and page navigation. Saves on every change. */
export function Player({
  bundle,
  pages,
  passMark,
  tracker,
  initial,
  resumed,
  events,
  learnerName = '',
  random = Math.random,
  now = () => new Date(),
  print = () => window.print(),
}: PlayerProps) {
  const [index, setIndex] = useState(initial.index);
  const [visited, setVisited] = useState(() => withVisited(initial.visited, pages[initial.index]!.key));
  const [state, setState] = useState<Saved>(() => ({
    answers: initial.answers,
    practice: initial.practice,
    scenarios: initial.scenarios,
  }));
  const [showResumed, setShowResumed] = useState(resumed);
  const [panel, setPanel] = useState<PanelState | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const moved = useRef(false);
  const completed = useRef(false);
  const page = pages[index]!;
  const { answers } = state;
  const final = bundle.finalAssessment;
  const finalSaved = final ? finalState(final, state.scenarios, answers) : { drawn: null, submittedOn: null };
  const finalItems = final && finalSaved.drawn ? drawnItems(final, finalSaved.drawn) : null;
  const finalAttempt =
    final && finalItems && finalSaved.submittedOn
      ? { ...finalResult(final, finalItems, answers, passMark), day: finalSaved.submittedOn }
      : null;

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
    setShowResumed(false);
    if (target < 0 || target >= pages.length || target === index) return;
    const nextVisited = withVisited(visited, pages[target]!.key);
    moved.current = true;
    setIndex(target);
    setVisited(nextVisited);
    save(target, nextVisited, state);
  };
  const goToKind = (kind: Page['kind']) => goTo(pages.findIndex((p) => p.kind === kind));

  const update = (next: Saved) => {
    setState(next);
    save(index, visited, next);
  };

  const submit = (parent: AnswerParent, item: BundleItem, given: Response, practice: boolean) => {
    const bucket = practice ? 'practice' : 'answers';
    if (state[bucket][item.id] !== undefined) return;
    const response = typeof given === 'string' ? capShortText(given) : given;
    tracker.recordAnswer({
      module: parent,
      item,
      response,
      success: isCorrect(item, response),
      practice,
      at: new Date(),
    });
    const next = { ...state, [bucket]: { ...state[bucket], [item.id]: response } };
    // A drawn final-assessment item, once answered, is saved among the answers only.
    const pending = state.scenarios[FINAL_DRAW_KEY];
    if (!practice && pending?.includes(item.id))
      next.scenarios = { ...state.scenarios, [FINAL_DRAW_KEY]: pending.filter((id) => id !== item.id) };
    update(next);
  };

  /** A new attempt: a fresh draw; the previous attempt's answers and submission are cleared. */
  const drawFinal = () => {
    if (!final) return;
    const previous = new Set(finalSaved.drawn ?? []);
    update({
      ...state,
      answers: Object.fromEntries(Object.entries(answers).filter(([id]) => !previous.has(id))),
      scenarios: {
        ...without(state.scenarios, FINAL_SUBMITTED_KEY),
        [FINAL_DRAW_KEY]: drawFinalItems(final, random),
      },
    });
  };

  const submitFinal = () => {
    if (!final || !finalItems || finalItems.some((item) => answers[item.id] === undefined)) return;
    const result = finalResult(final, finalItems, answers, passMark);
    update({ ...state, scenarios: { ...state.scenarios, [FINAL_SUBMITTED_KEY]: [localDay(now())] } });
    void tracker.complete({ scorePercent: result.percent, passed: result.passed });
  };

  const openPanel = (next: PanelState, opener: HTMLElement) => {
    returnFocus.current = opener;
    setPanel(next);
  };
  const closePanel = useCallback(() => setPanel(null), []);

  /** A glossary link in the page's HTML (made by the builder) opens the glossary at its term. */
  const followGlossaryLink = (event: MouseEvent<HTMLElement>) => {
    const link = (event.target as Element).closest?.(`a.${GLOSSARY_LINK_CLASS}`);
    if (!(link instanceof HTMLElement) || bundle.glossary.length === 0) return;
    event.preventDefault();
    openPanel({ kind: 'glossary', term: link.dataset.term ?? '' }, link);
  };

  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
  }, [index]);

  useEffect(() => {
    if (panel || !returnFocus.current) return;
    returnFocus.current.focus();
    returnFocus.current = null;
  }, [panel]);

  // Reaching the results page (not resuming onto it: that session already reported) completes the package,
  // unless the course has a final assessment: then its submission gives the package's result.
  useEffect(() => {
    if (final || page.kind !== 'results' || completed.current || !moved.current) return;
    const result = packageResult(bundle, answers, passMark);
    if (!result) return;
    completed.current = true;
    void tracker.complete(result);
  }, [final, page, bundle, answers, passMark, tracker]);

  const menu = contentsMenu(pages, index, visited, answers, passMark);

  return (
    <>
      <div
        className={page.kind === 'certificate' ? 'player player-certificate' : 'player'}
        inert={panel !== null}
      >
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <header className="player-header">
          <p className="course-title">{bundle.title}</p>
          <div className="header-actions">
            {bundle.glossary.length > 0 && (
              <button
                type="button"
                className="header-button"
                aria-haspopup="dialog"
                onClick={(event) => openPanel({ kind: 'glossary' }, event.currentTarget)}
              >
                {t('glossary')}
              </button>
            )}
            {bundle.resources && (
              <button
                type="button"
                className="header-button"
                aria-haspopup="dialog"
                onClick={(event) => openPanel({ kind: 'resources' }, event.currentTarget)}
              >
                {t('resources')}
              </button>
            )}
          </div>
        </header>
        <TrackingBanner events={events} />
        <div className="player-body">
          <ModuleMenu entries={menu} onSelect={goTo} />
          <main id="main" className="page" tabIndex={-1} onClick={followGlossaryLink}>
            {showResumed && (
              <ResumePrompt
                page={index + 1}
                onContinue={() => {
                  setShowResumed(false);
                  headingRef.current?.focus();
                }}
                onRestart={() => {
                  goTo(0);
                  if (index === 0) headingRef.current?.focus();
                }}
              />
            )}
            {page.module && (
              <p className="module-label">
                {t('moduleLabel', { number: page.module.number, title: page.module.title })}
              </p>
            )}
            {page.kind === 'pre-assessment' && (
              <PreAssessmentPage
                key={page.key}
                bundle={bundle}
                assessment={page.assessment}
                answers={state.practice}
                onAnswer={(item, response) => submit(assessmentParent(page.assessment), item, response, true)}
                headingRef={headingRef}
              />
            )}
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
              <ResultsPage
                module={page.module}
                answers={answers}
                passMark={passMark}
                headingRef={headingRef}
              />
            )}
            {page.kind === 'summary' && (
              <SummaryPage key={page.key} module={page.module} headingRef={headingRef} />
            )}
            {page.kind === 'final-assessment' && (
              <FinalAssessmentPage
                key={page.key}
                bundle={bundle}
                assessment={page.assessment}
                passMark={passMark}
                items={finalItems}
                submitted={finalAttempt !== null}
                answers={answers}
                onStart={drawFinal}
                onAnswer={(item, response) =>
                  submit(assessmentParent(page.assessment), item, response, false)
                }
                onSubmit={submitFinal}
                onRetake={drawFinal}
                onCertificate={bundle.certificate ? () => goToKind('certificate') : undefined}
                headingRef={headingRef}
              />
            )}
            {page.kind === 'certificate' && (
              <CertificatePage
                key={page.key}
                certificate={page.certificate}
                courseTitle={bundle.title}
                language={bundle.language}
                learnerName={learnerName}
                passMark={passMark}
                attempt={finalAttempt}
                onFinal={() => goToKind('final-assessment')}
                print={print}
                headingRef={headingRef}
              />
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
      {panel?.kind === 'glossary' && (
        <Panel
          title={t('glossary')}
          onClose={closePanel}
          focusHeading={!bundle.glossary.some((term) => term.id === panel.term)}
        >
          <Glossary terms={bundle.glossary} language={bundle.language} initialTerm={panel.term} />
        </Panel>
      )}
      {panel?.kind === 'resources' && bundle.resources && (
        <Panel title={t('resources')} onClose={closePanel} focusHeading>
          <Resources resources={bundle.resources} />
        </Panel>
      )}
    </>
  );
}
