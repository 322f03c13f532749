/** What the parent and the server children share. */

/** The root credential of every LRS the bench starts (scope `all`). */
export const BENCH_KEY = 'bench';
export const BENCH_SECRET = 'bench-secret-1';

export interface ServerSpec {
  kind: 'lrs' | 'bare';
  /** `none`: the bare server stores nothing. */
  storage: 'pglite' | 'postgres' | 'none';
  dataDir?: string;
  databaseUrl?: string;
}
