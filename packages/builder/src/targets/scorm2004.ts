import { lmsIdentifier, xmlEscape } from '../xml.js';
import { isoDuration, type ManifestInput } from './scorm12.js';

/**
 * The SCORM 2004 4th Edition control documents shipped at the package root (ADL's copies, from
 * ADL's conformance test suite): IMS CP, ADL CP/SEQ/NAV, IMS SS, IEEE LOM and xml.xsd.
 */
export const SCORM2004_SCHEMA_FILES = [
  'XMLSchema.dtd',
  'adlcp_v1p3.xsd',
  'adlnav_v1p3.xsd',
  'adlseq_v1p3.xsd',
  'common/anyElement.xsd',
  'common/dataTypes.xsd',
  'common/elementNames.xsd',
  'common/elementTypes.xsd',
  'common/rootElement.xsd',
  'common/vocabTypes.xsd',
  'common/vocabValues.xsd',
  'datatypes.dtd',
  'extend/custom.xsd',
  'extend/strict.xsd',
  'imscp_v1p1.xsd',
  'imsss_v1p0.xsd',
  'imsss_v1p0auxresource.xsd',
  'imsss_v1p0control.xsd',
  'imsss_v1p0delivery.xsd',
  'imsss_v1p0limit.xsd',
  'imsss_v1p0objective.xsd',
  'imsss_v1p0random.xsd',
  'imsss_v1p0rollup.xsd',
  'imsss_v1p0seqrule.xsd',
  'imsss_v1p0util.xsd',
  'lom.xsd',
  'lomCustom.xsd',
  'lomLoose.xsd',
  'lomStrict.xsd',
  'unique/loose.xsd',
  'unique/strict.xsd',
  'vocab/adlmd_vocabv1p0.xsd',
  'vocab/custom.xsd',
  'vocab/loose.xsd',
  'vocab/strict.xsd',
  'xml.xsd',
];

/** minNormalizedMeasure for a pass mark in percent: 80 → "0.8" (xs:decimal, no exponent). */
export function normalizedMeasure(passMark: number): string {
  return String(Math.round(passMark) / 100);
}

/**
 * `imsmanifest.xml` for a single-SCO SCORM 2004 4th Edition package, with inline IEEE LOM metadata
 * (strict LOMv1.0 vocabulary) and a primary objective satisfied by measure, so the LMS judges
 * passed/failed from cmi.score.scaled against passMark / 100.
 */
export function scorm2004Manifest(input: ManifestInput): string {
  const e = xmlEscape;
  const lang = e(input.language);
  const ls = (text: string) => `<string language="${lang}">${e(text)}</string>`;
  const orgId = 'ORG-1';
  const resId = 'RES-SCO';
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${e(lmsIdentifier(input.identifier))}" version="${e(input.version)}" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd http://ltsc.ieee.org/xsd/LOM lom.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
    <lom xmlns="http://ltsc.ieee.org/xsd/LOM">
      <general>
        <title>${ls(input.title)}</title>
        <language>${lang}</language>
        <description>${ls(input.description)}</description>
${input.keywords.map((k) => `        <keyword>${ls(k)}</keyword>`).join('\n')}
      </general>
      <lifeCycle>
        <version>${ls(input.version)}</version>
      </lifeCycle>
      <educational>
        <typicalLearningTime>
          <duration>${isoDuration(input.durationMinutes)}</duration>
        </typicalLearningTime>
      </educational>
    </lom>
  </metadata>
  <organizations default="${orgId}">
    <organization identifier="${orgId}" adlseq:objectivesGlobalToSystem="false">
      <title>${e(input.title)}</title>
      <item identifier="ITEM-1" identifierref="${resId}" isvisible="true">
        <title>${e(input.title)}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="PRIMARY-OBJ" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${normalizedMeasure(input.masteryScore)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="${resId}" type="webcontent" adlcp:scormType="sco" href="${e(input.launch)}">
${[...input.files]
  .sort()
  .map((f) => `      <file href="${e(f)}"/>`)
  .join('\n')}
    </resource>
  </resources>
</manifest>
`;
}
