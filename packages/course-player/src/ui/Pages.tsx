import type { Ref } from 'react';
import type {
  BundleCaseStudy,
  BundleItem,
  BundleLesson,
  BundleModule,
  BundleScenario,
  CourseBundle,
  Response,
} from '@course/contracts';
import { Item } from '../components/blocks/registry.js';
import { Segments } from '../components/blocks/Segments.js';
import { Html } from '../components/html/Html.js';
import { Scenario } from '../components/scenario/Scenario.js';
import { t } from '../i18n/t.js';

type HeadingRef = { headingRef: Ref<HTMLHeadingElement> };
type PracticeProps = {
  practice: Record<string, Response>;
  onPractice: (item: BundleItem, response: Response) => void;
};

function Title({ text, headingRef }: { text: string } & HeadingRef) {
  return (
    <h1 ref={headingRef} tabIndex={-1}>
      {text}
    </h1>
  );
}

export function OverviewPage({
  module,
  bundle,
  headingRef,
}: { module: BundleModule; bundle: CourseBundle } & HeadingRef) {
  return (
    <article className="overview">
      <Title text={module.title} headingRef={headingRef} />
      <Html html={module.overview} className="prose" />
      <h2>{t('objectives')}</h2>
      <ul>
        {module.objectives.map((o, i) => (
          <li key={i}>{o}</li>
        ))}
      </ul>
      <h2>{t('competencies')}</h2>
      <ul>
        {module.competencies.map((id) => (
          <li key={id}>
            {t('competency', { id, title: bundle.competencies.find((c) => c.id === id)?.title ?? id })}
          </li>
        ))}
      </ul>
    </article>
  );
}

export function LessonPage({
  lesson,
  headingRef,
  ...practice
}: { lesson: BundleLesson } & HeadingRef & PracticeProps) {
  return (
    <article className="lesson">
      <Title text={lesson.title} headingRef={headingRef} />
      <Segments segments={lesson.segments} {...practice} />
    </article>
  );
}

export function CaseStudyPage({
  caseStudy,
  headingRef,
  ...practice
}: { caseStudy: BundleCaseStudy } & HeadingRef & PracticeProps) {
  return (
    <article className="case-study">
      <Title text={caseStudy.title} headingRef={headingRef} />
      {caseStudy.illustrative && <p className="label">{t('illustrativeCase')}</p>}
      <Segments segments={caseStudy.segments} {...practice} />
      {!caseStudy.illustrative && caseStudy.sources.length > 0 && (
        <>
          <h2>{t('sources')}</h2>
          <ul className="sources">
            {caseStudy.sources.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        </>
      )}
    </article>
  );
}

export function ScenarioPage({
  scenario,
  path,
  onPath,
  headingRef,
}: { scenario: BundleScenario; path: string[]; onPath: (path: string[]) => void } & HeadingRef) {
  return (
    <article className="scenario">
      <Title text={scenario.title} headingRef={headingRef} />
      <p className="label">{t('illustrativeScenario')}</p>
      <h2>{t('yourRole')}</h2>
      <p>{scenario.role}</p>
      <h2>{t('situation')}</h2>
      <Html html={scenario.situation} className="prose" />
      <Scenario scenario={scenario} path={path} onPath={onPath} />
    </article>
  );
}

export function QuestionPage({
  item,
  number,
  total,
  saved,
  onSubmit,
  headingRef,
}: {
  item: BundleItem;
  number: number;
  total: number;
  saved: Response | undefined;
  onSubmit: (response: Response) => void;
} & HeadingRef) {
  return (
    <section className="question-page">
      <Title text={t('questionOf', { number, total })} headingRef={headingRef} />
      <Item item={item} saved={saved} onSubmit={onSubmit} />
    </section>
  );
}

export function SummaryPage({ module, headingRef }: { module: BundleModule } & HeadingRef) {
  return (
    <article className="summary">
      <Title text={t('summary')} headingRef={headingRef} />
      <Html html={module.summary} className="prose" />
      <h2>{t('takeaways')}</h2>
      <ul>
        {module.takeaways.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ul>
      <h2>{t('references')}</h2>
      <ul className="references">
        {module.references.map((x, i) => (
          <li key={i}>{x}</li>
        ))}
      </ul>
    </article>
  );
}
