/**
 * Every string the learner can see. `{name}` marks a value `t()` fills in.
 * A translation is another object with the same keys.
 */
export const en = {
  loading: 'Loading the course…',
  fatalTitle: 'The course could not start',
  fatalFile: 'The file {file} could not be used: {reason}',
  fatalTarget: 'This course package was built for "{target}", which this player version cannot run.',
  fatalHelp: 'Please tell your training administrator, and quote the message above.',
  fatalHttp: 'the server answered {status} {statusText}',
  fatalNetwork: 'it could not be downloaded ({reason})',
  fatalJson: 'it is not valid JSON ({reason})',
  fatalSchema: 'it does not have the expected content ({reason})',
  skipToContent: 'Skip to content',
  modulesNav: 'Modules',
  moduleLabel: 'Module {number}: {title}',
  pageNav: 'Page navigation',
  next: 'Next',
  previous: 'Previous',
  pageOf: 'Page {current} of {total}',
  questionOf: 'Question {number} of {total}',
  submitAnswer: 'Submit answer',
  chooseFirst: 'Choose an answer, then submit it.',
  correct: 'Correct.',
  incorrect: 'Not quite.',
  source: 'Source: {source}',
  yourAnswer: 'Your answer',
  results: 'Results',
  yourScore: 'Your score: {percent}%',
  scoreDetail: '{correct} of {total} questions answered correctly.',
  passed: 'You passed. The pass mark is {passMark}%.',
  notPassed: 'You did not pass. The pass mark is {passMark}%.',
  unanswered: 'You have answered {answered} of {total} questions. Answer them all to get your result.',
  resumed: 'Welcome back — you are where you left off.',
  lmsNotFound: 'This course cannot reach your learning platform, so your progress will not be saved.',
  saveFailed: 'Your latest progress could not be saved. It will be saved again when you continue.',
  progressUnreadable: 'Your saved progress could not be read, so the course starts from the beginning.',
} as const;

export type Messages = { readonly [K in keyof typeof en]: string };
export type MessageKey = keyof typeof en;
