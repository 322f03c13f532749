const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface CertificateValues {
  /** The learner's name as the LMS gives it; blank leaves a line to write the name on. */
  learner: string;
  course: string;
  /** Already formatted for the course's language. */
  date: string;
  score: string;
  /** Read out for the blank line (it is visually hidden). */
  blankLabel: string;
}

/**
 * The certificate's HTML with {learner}, {course}, {date} and {score} filled in. The values are text
 * (escaped here); a blank learner name becomes an empty line to write on.
 */
export function fillCertificate(html: string, values: CertificateValues): string {
  const learner = values.learner.trim();
  const filled: Record<string, string> = {
    learner: learner
      ? escapeHtml(learner)
      : `<span class="write-in"><span class="visually-hidden">${escapeHtml(values.blankLabel)}</span></span>`,
    course: escapeHtml(values.course),
    date: escapeHtml(values.date),
    score: escapeHtml(values.score),
  };
  return html.replace(/\{(learner|course|date|score)\}/g, (_whole, name: string) => filled[name]!);
}

/** `YYYY-MM-DD` (a local date) in the course's language, e.g. "23 November 2026". */
export function formatDay(day: string, language: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const date = new Date(y, m - 1, d);
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long' }).format(date);
  } catch {
    return new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(date);
  }
}
