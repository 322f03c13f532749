import { existsSync } from 'node:fs';
import type { LrsConfig } from '../../config.js';
import { emptyCatalogue, loadCatalogue, type AnalyticsCatalogue } from './catalogue.js';

/**
 * The analytics catalogue for a configuration: the course content in `contentDir` (LRS_CONTENT_DIR,
 * default `content` in the working directory). A missing default folder gives the empty catalogue
 * with a warning; a missing folder that LRS_CONTENT_DIR named, or content with problems, throws.
 */
export async function catalogueFor(
  config: Pick<LrsConfig, 'contentDir' | 'contentDirSet'>,
  warn: (message: string) => void,
): Promise<AnalyticsCatalogue> {
  if (!existsSync(config.contentDir)) {
    if (config.contentDirSet) throw new Error(`LRS_CONTENT_DIR ${config.contentDir} does not exist`);
    warn(
      `no course content at ${config.contentDir}: the analytics run without a catalogue (every item counts as scored, rule version 0); set LRS_CONTENT_DIR`,
    );
    return emptyCatalogue();
  }
  try {
    return await loadCatalogue(config.contentDir);
  } catch (error) {
    throw new Error(
      `the course content in ${config.contentDir} could not be loaded: ${(error as Error).message}`,
    );
  }
}
