import { xmlEscape } from '../xml.js';

export const XAPI_COURSE_TYPE = 'http://adlnet.gov/expapi/activities/course';
export const XAPI_MODULE_TYPE = 'http://adlnet.gov/expapi/activities/module';

export interface TincanActivity {
  /** Absolute IRI. */
  id: string;
  name: string;
  description: string;
}

export interface TincanInput {
  language: string;
  course: TincanActivity;
  /** xAPI type of the launchable activity: a course (default), or a module for a module package. */
  launchType?: string;
  /** The package's launch file, relative to the package root. */
  launch: string;
  modules: TincanActivity[];
}

/**
 * `tincan.xml` (http://projecttincan.com/tincan.xsd): one launchable course activity and the
 * modules as further (not launchable) activities.
 */
export function tincanXml(input: TincanInput): string {
  const e = xmlEscape;
  const lang = e(input.language);
  const activity = (a: TincanActivity, type: string, launch?: string) =>
    [
      `    <activity id="${e(a.id)}" type="${type}">`,
      `      <name lang="${lang}">${e(a.name)}</name>`,
      `      <description lang="${lang}">${e(a.description)}</description>`,
      ...(launch ? [`      <launch lang="${lang}">${e(launch)}</launch>`] : []),
      '    </activity>',
    ].join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
${[
  activity(input.course, input.launchType ?? XAPI_COURSE_TYPE, input.launch),
  ...input.modules.map((m) => activity(m, XAPI_MODULE_TYPE)),
].join('\n')}
  </activities>
</tincan>
`;
}
