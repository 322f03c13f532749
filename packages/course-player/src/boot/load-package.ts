import {
  CourseBundleSchema,
  RuntimeConfigSchema,
  type CourseBundle,
  type RuntimeConfig,
} from '@course/contracts';
import { t } from '../i18n/t.js';

export type PackageFile = 'course.json' | 'runtime.json';

export type LoadResult =
  | { ok: true; bundle: CourseBundle; runtime: RuntimeConfig }
  | { ok: false; file: PackageFile; reason: string };

interface Parser<T> {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

async function loadJson<T>(
  file: PackageFile,
  schema: Parser<T>,
  fetchFn: typeof fetch,
): Promise<{ ok: true; value: T } | { ok: false; file: PackageFile; reason: string }> {
  let response: Response;
  try {
    response = await fetchFn(`./${file}`, { cache: 'no-store' });
  } catch (error) {
    return { ok: false, file, reason: t('fatalNetwork', { reason: (error as Error).message }) };
  }
  if (!response.ok)
    return {
      ok: false,
      file,
      reason: t('fatalHttp', { status: response.status, statusText: response.statusText }).trim(),
    };
  let json: unknown;
  try {
    json = JSON.parse(await response.text());
  } catch (error) {
    return { ok: false, file, reason: t('fatalJson', { reason: (error as Error).message }) };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    return { ok: false, file, reason: t('fatalSchema', { reason: issues }) };
  }
  return { ok: true, value: parsed.data };
}

/**
 * Fetches and parses the two files the builder writes beside index.html (relative to it, whatever
 * path the LMS serves the package from). The first failure names its file and its cause.
 */
export async function loadPackage(fetchFn: typeof fetch = (i, init) => fetch(i, init)): Promise<LoadResult> {
  const [runtime, bundle] = await Promise.all([
    loadJson('runtime.json', RuntimeConfigSchema, fetchFn),
    loadJson('course.json', CourseBundleSchema, fetchFn),
  ]);
  if (!bundle.ok) return bundle;
  if (!runtime.ok) return runtime;
  return { ok: true, bundle: bundle.value, runtime: runtime.value };
}
