import { lmsIdentifier, xmlEscape } from '../xml.js';

export interface ManifestInput {
  identifier: string;
  title: string;
  description: string;
  keywords: string[];
  language: string;
  version: string;
  /** Typical learning time in minutes. */
  durationMinutes: number;
  masteryScore: number;
  launch: string;
  files: string[];
}

/** ISO 8601 duration for LOM typicallearningtime, e.g. PT1H5M. */
export function isoDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `PT${h ? `${h}H` : ''}${m || !h ? `${m}M` : ''}`;
}

export const SCORM12_SCHEMA_FILES = [
  'adlcp_rootv1p2.xsd',
  'ims_xml.xsd',
  'imscp_rootv1p1p2.xsd',
  'imsmd_rootv1p2p1.xsd',
];

/**
 * `imsmanifest.xml` for a single-SCO SCORM 1.2 package (SCORM 1.2 CAM), with inline IMS MD 1.2.1 metadata
 * and `adlcp:masteryscore` so the LMS can judge passed/failed from cmi.core.score.raw.
 */
export function scorm12Manifest(input: ManifestInput): string {
  const e = xmlEscape;
  const lang = e(input.language);
  const ls = (text: string) => `<langstring xml:lang="${lang}">${e(text)}</langstring>`;
  const orgId = 'ORG-1';
  const resId = 'RES-SCO';
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${e(lmsIdentifier(input.identifier))}" version="${e(input.version)}" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <lom xmlns="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1" xsi:schemaLocation="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd">
      <general>
        <title>${ls(input.title)}</title>
        <language>${lang}</language>
        <description>${ls(input.description)}</description>
${input.keywords.map((k) => `        <keyword>${ls(k)}</keyword>`).join('\n')}
      </general>
      <lifecycle>
        <version>${ls(input.version)}</version>
      </lifecycle>
      <educational>
        <typicallearningtime>
          <datetime>${isoDuration(input.durationMinutes)}</datetime>
        </typicallearningtime>
      </educational>
    </lom>
  </metadata>
  <organizations default="${orgId}">
    <organization identifier="${orgId}">
      <title>${e(input.title)}</title>
      <item identifier="ITEM-1" identifierref="${resId}" isvisible="true">
        <title>${e(input.title)}</title>
        <adlcp:masteryscore>${input.masteryScore}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="${resId}" type="webcontent" adlcp:scormtype="sco" href="${e(input.launch)}">
${[...input.files]
  .sort()
  .map((f) => `      <file href="${e(f)}"/>`)
  .join('\n')}
    </resource>
  </resources>
</manifest>
`;
}
