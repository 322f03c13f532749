import {
  ANALYTICS_BASE_PATH,
  type CohortComparison,
  type Evidence,
  type ItemAnalysis,
  type LearnerDetail,
  type MasteryPage,
  type ModuleFunnel,
  type Overview,
} from '@course/contracts';

/** The filters the analyst sets; empty strings mean "not set". Dates are YYYY-MM-DD. */
export interface Filters {
  cohort: string;
  module: string;
  competency: string;
  from: string;
  /** Inclusive: the API's `until` is the next day. */
  to: string;
}

export const NO_FILTERS: Filters = { cohort: '', module: '', competency: '', from: '', to: '' };

/** The value the cohort select uses for learners without a cohort (the API's empty string). */
export const NO_COHORT = '\u0000none';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Query parameters of the API for the filters (only those a report understands). */
export function filterParams(f: Filters, only?: (keyof Filters)[]): Record<string, string> {
  const use = (k: keyof Filters) => f[k] !== '' && (!only || only.includes(k));
  const p: Record<string, string> = {};
  if (use('cohort')) p.cohort = f.cohort === NO_COHORT ? '' : f.cohort;
  if (use('module')) p.module = f.module;
  if (use('competency')) p.competency = f.competency;
  if (use('from')) p.since = f.from;
  if (use('to')) p.until = nextDay(f.to);
  return p;
}

/**
 * The analytics API with the analyst's credential. The Authorization header lives in this object
 * only (in memory): never in storage, never in a URL. X-Requested-With asks the LRS not to challenge,
 * so that a wrong secret shows in the form instead of a browser dialog.
 */
export class Api {
  readonly base: URL;
  constructor(private readonly authorization: string) {
    this.base = new URL(`..${ANALYTICS_BASE_PATH}/`, window.location.href);
  }

  static basic(key: string, secret: string): string {
    const bytes = new TextEncoder().encode(`${key}:${secret}`);
    return `Basic ${btoa(String.fromCharCode(...bytes))}`;
  }

  private url(path: string, params: Record<string, string> = {}): string {
    const url = new URL(path, this.base);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  }

  private async fetch(path: string, params: Record<string, string> = {}): Promise<Response> {
    const res = await fetch(this.url(path, params), {
      headers: { Authorization: this.authorization, 'X-Requested-With': 'dashboard' },
      cache: 'no-store',
      credentials: 'omit',
    });
    if (!res.ok) {
      let message = `The LRS answered ${res.status}.`;
      try {
        const body = (await res.json()) as { message?: string };
        if (body.message) message = body.message;
      } catch {
        // not JSON
      }
      throw new ApiError(res.status, message);
    }
    return res;
  }

  private async json<T>(path: string, params?: Record<string, string>): Promise<T> {
    return (await (await this.fetch(path, params)).json()) as T;
  }

  overview = () => this.json<Overview>('overview');
  mastery = (params: Record<string, string>) => this.json<MasteryPage>('mastery', params);
  cohorts = (params: Record<string, string>) => this.json<CohortComparison>('cohorts', params);
  items = (params: Record<string, string>) => this.json<ItemAnalysis>('items', params);
  modules = (params: Record<string, string>) => this.json<ModuleFunnel>('modules', params);
  learner = (learner: string) => this.json<LearnerDetail>('learner', { learner });
  evidence = (params: Record<string, string>) => this.json<Evidence>('evidence', params);

  /** Downloads a CSV export: fetched with the credential, then saved through a temporary link. */
  async download(path: string, params: Record<string, string>): Promise<string> {
    const res = await this.fetch(path, params);
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'export.csv';
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return name;
  }
}
