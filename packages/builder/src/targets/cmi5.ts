import { xmlEscape } from '../xml.js';

export interface Cmi5Au {
  /** Absolute IRI of the module. */
  id: string;
  title: string;
  description: string;
  /** Launch URL relative to the package root. */
  url: string;
}

export interface Cmi5Input {
  /** Absolute IRI of the course. */
  courseId: string;
  title: string;
  description: string;
  language: string;
  /** Pass mark in percent; written as masteryScore = passMark / 100. */
  passMark: number;
  aus: Cmi5Au[];
}

/** cmi5 launch URL of one module: the player, told which module to open. */
export function cmi5AuUrl(moduleId: string): string {
  return `index.html?module=${encodeURIComponent(moduleId)}`;
}

/**
 * `cmi5.xml` (cmi5 course structure, https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd):
 * the course and one AU per module. An AU is satisfied when it is completed and passed.
 */
export function cmi5CourseStructure(input: Cmi5Input): string {
  const e = xmlEscape;
  const ls = (indent: string, text: string) =>
    `${indent}  <langstring lang="${e(input.language)}">${e(text)}</langstring>`;
  const texts = (indent: string, title: string, description: string) =>
    `${indent}<title>\n${ls(indent, title)}\n${indent}</title>\n${indent}<description>\n${ls(indent, description)}\n${indent}</description>`;
  const mastery = String(Math.round(input.passMark) / 100);
  return `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="${e(input.courseId)}">
${texts('    ', input.title, input.description)}
  </course>
${input.aus
  .map(
    (
      au,
    ) => `  <au id="${e(au.id)}" moveOn="CompletedAndPassed" masteryScore="${mastery}" launchMethod="AnyWindow">
${texts('    ', au.title, au.description)}
    <url>${e(au.url)}</url>
  </au>`,
  )
  .join('\n')}
</courseStructure>
`;
}
