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

/** One SCO of a sequenced (SCO-per-module) course package. */
export interface SequencedSco {
  /** Module id, e.g. "m01": used in identifiers and in the launch parameter `?module=`. */
  id: string;
  title: string;
  /** The competencies the module's items assess: local objectives mapped to global ones. */
  competencies: { id: string; iri: string }[];
}

export interface Scorm2004ManifestInput extends ManifestInput {
  /**
   * When present, the organization has one item per module (all launching the same SCO resource with
   * `?module=<id>`), flow and choice navigation, completion and satisfaction roll-up, and each item
   * writes the global objectives of its competencies. Absent: a single SCO.
   */
  scos?: SequencedSco[];
}

function metadataBlock(input: ManifestInput): string {
  const e = xmlEscape;
  const lang = e(input.language);
  const ls = (text: string) => `<string language="${lang}">${e(text)}</string>`;
  return `  <metadata>
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
  </metadata>`;
}

/** Objective ids the SCO writes in cmi.objectives for a competency: the competency id itself. */
export const competencyObjectiveId = (competency: string) => competency;

/**
 * The items of a sequenced course: each module is a leaf with a primary objective satisfied by
 * measure and one local objective per competency that writes its global objective (target id = the
 * competency IRI, so every module adds to the same C01–C13 record).
 */
function sequencedItems(scos: SequencedSco[], masteryScore: number, resId: string): string {
  const e = xmlEscape;
  return scos
    .map(
      (
        sco,
      ) => `      <item identifier="${e(lmsIdentifier(`ITEM-${sco.id}`))}" identifierref="${resId}" isvisible="true" parameters="${e(`?module=${encodeURIComponent(sco.id)}`)}">
        <title>${e(sco.title)}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="${e(lmsIdentifier(`PRIMARY-${sco.id}`))}" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${normalizedMeasure(masteryScore)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
${sco.competencies
  .map(
    (c) => `            <imsss:objective objectiveID="${e(competencyObjectiveId(c.id))}">
              <imsss:mapInfo targetObjectiveID="${e(c.iri)}" readSatisfiedStatus="false" readNormalizedMeasure="false" writeSatisfiedStatus="true" writeNormalizedMeasure="true"/>
            </imsss:objective>`,
  )
  .join('\n')}
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>`,
    )
    .join('\n');
}

/**
 * Course-level roll-up: satisfied when every module is satisfied, not satisfied as soon as one is
 * known to be failed; completed when every module is completed. The measure rolls up as the mean of
 * the modules' scores (objectiveMeasureWeight 1 each, the default).
 */
const ROLLUP = `        <imsss:rollupRules rollupObjectiveSatisfied="true" rollupProgressCompletion="true">
          <imsss:rollupRule childActivitySet="all">
            <imsss:rollupConditions>
              <imsss:rollupCondition condition="satisfied"/>
            </imsss:rollupConditions>
            <imsss:rollupAction action="satisfied"/>
          </imsss:rollupRule>
          <imsss:rollupRule childActivitySet="any">
            <imsss:rollupConditions>
              <imsss:rollupCondition operator="not" condition="satisfied"/>
            </imsss:rollupConditions>
            <imsss:rollupAction action="notSatisfied"/>
          </imsss:rollupRule>
          <imsss:rollupRule childActivitySet="all">
            <imsss:rollupConditions>
              <imsss:rollupCondition condition="completed"/>
            </imsss:rollupConditions>
            <imsss:rollupAction action="completed"/>
          </imsss:rollupRule>
          <imsss:rollupRule childActivitySet="any">
            <imsss:rollupConditions>
              <imsss:rollupCondition operator="not" condition="completed"/>
            </imsss:rollupConditions>
            <imsss:rollupAction action="incomplete"/>
          </imsss:rollupRule>
        </imsss:rollupRules>`;

/**
 * `imsmanifest.xml` for a single-SCO SCORM 2004 4th Edition package, with inline IEEE LOM metadata
 * (strict LOMv1.0 vocabulary) and a primary objective satisfied by measure, so the LMS judges
 * passed/failed from cmi.score.scaled against passMark / 100.
 */
export function scorm2004Manifest(input: Scorm2004ManifestInput): string {
  const e = xmlEscape;
  const orgId = 'ORG-1';
  const resId = 'RES-SCO';
  const single = `      <item identifier="ITEM-1" identifierref="${resId}" isvisible="true">
        <title>${e(input.title)}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="PRIMARY-OBJ" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${normalizedMeasure(input.masteryScore)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>`;
  const items = input.scos ? sequencedItems(input.scos, input.masteryScore, resId) : single;
  const rootSequencing = input.scos
    ? `      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
${ROLLUP}
      </imsss:sequencing>`
    : `      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${e(lmsIdentifier(input.identifier))}" version="${e(input.version)}" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3" xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3" xmlns:imsss="http://www.imsglobal.org/xsd/imsss" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd http://ltsc.ieee.org/xsd/LOM lom.xsd">
${metadataBlock(input)}
  <organizations default="${orgId}">
    <organization identifier="${orgId}" adlseq:objectivesGlobalToSystem="false">
      <title>${e(input.title)}</title>
${items}
${rootSequencing}
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
