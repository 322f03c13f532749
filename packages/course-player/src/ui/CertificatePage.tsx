import type { Ref } from 'react';
import type { BundleCertificate } from '@course/contracts';
import { Html } from '../components/html/Html.js';
import { fillCertificate, formatDay } from '../course/certificate.js';
import { t } from '../i18n/t.js';

export interface CertificatePageProps {
  certificate: BundleCertificate;
  courseTitle: string;
  language: string;
  learnerName: string;
  passMark: number;
  /** The final assessment's last submitted attempt, if any: its score, whether it passed, its date. */
  attempt: { percent: number; passed: boolean; day: string } | null;
  onFinal: () => void;
  print: () => void;
  headingRef: Ref<HTMLHeadingElement>;
}

/** After a pass, the certificate filled in, with "Print"; before, what it takes to get one. */
export function CertificatePage({
  certificate,
  courseTitle,
  language,
  learnerName,
  passMark,
  attempt,
  onFinal,
  print,
  headingRef,
}: CertificatePageProps) {
  if (!attempt?.passed)
    return (
      <article className="certificate-page">
        <h1 ref={headingRef} tabIndex={-1}>
          {certificate.title}
        </h1>
        <p>{t('certificateNeeds', { passMark })}</p>
        {attempt && <p>{t('certificateLastScore', { percent: attempt.percent })}</p>}
        <button type="button" className="button button-primary" onClick={onFinal}>
          {t('goToFinal')}
        </button>
      </article>
    );
  const body = fillCertificate(certificate.body, {
    learner: learnerName,
    course: courseTitle,
    date: formatDay(attempt.day, language),
    score: t('percent', { percent: attempt.percent }),
    blankLabel: t('learnerNameBlank'),
  });
  return (
    <article className="certificate-page">
      <div className="certificate">
        <h1 ref={headingRef} tabIndex={-1}>
          {certificate.title}
        </h1>
        <Html html={body} className="certificate-body" />
        {certificate.note && <Html html={certificate.note} className="certificate-note" />}
      </div>
      <div className="actions certificate-actions">
        <button type="button" className="button button-primary" onClick={print}>
          {t('print')}
        </button>
      </div>
    </article>
  );
}
