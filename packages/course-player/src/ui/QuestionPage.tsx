import type { Ref } from 'react';
import type { BundleItem } from '@course/contracts';
import { SingleChoiceQuestion } from '../components/single-choice/SingleChoiceQuestion.js';
import { t } from '../i18n/t.js';

export interface QuestionPageProps {
  item: BundleItem;
  number: number;
  total: number;
  saved: string[] | undefined;
  onSubmit: (response: string[]) => void;
  headingRef: Ref<HTMLHeadingElement>;
}

export function QuestionPage({ item, number, total, saved, onSubmit, headingRef }: QuestionPageProps) {
  return (
    <section className="question-page">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('questionOf', { number, total })}
      </h1>
      <SingleChoiceQuestion key={item.id} item={item} saved={saved} onSubmit={onSubmit} />
    </section>
  );
}
