import type { DbTx } from './db.js';

/**
 * Column lists of the analytics tables (003_analytics.sql) and the SQL that moves rows between them
 * and JavaScript objects: every row travels as one JSON array parameter (`jsonb_array_elements`), the
 * same on PGlite and PostgreSQL, and comes back with canonical text timestamps and JS numbers.
 */
export type ColumnType = 'text' | 'int' | 'bigint' | 'bool' | 'float' | 'ts' | 'text[]';
export interface Column {
  name: string;
  field: string;
  type: ColumnType;
  nullable?: boolean;
}
export interface TableSpec {
  table: string;
  key: string[];
  columns: Column[];
}

const col = (name: string, type: ColumnType, nullable = false): Column => ({
  name,
  field: name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
  type,
  ...(nullable ? { nullable } : {}),
});

/** Canonical UTC text of a timestamptz: sorts as text and round-trips exactly (microseconds). */
export const tsText = (expr: string) =>
  `to_char(${expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export const FACTS: TableSpec = {
  table: 'analytics_statements',
  key: ['learner', 'statement_id'],
  columns: [
    col('learner', 'text'),
    col('statement_id', 'text'),
    col('seq', 'bigint'),
    col('at', 'ts'),
    col('name', 'text'),
    col('cohort', 'text'),
    col('verb', 'text'),
    col('activity', 'text'),
    col('module', 'text'),
    col('item_kind', 'text', true),
    col('interaction_type', 'text', true),
    col('success', 'bool', true),
    col('response', 'text', true),
    col('score_scaled', 'float', true),
    col('duration_ms', 'bigint', true),
    col('competencies', 'text[]'),
  ],
};

export const LEARNERS: TableSpec = {
  table: 'analytics_learners',
  key: ['learner'],
  columns: [
    col('learner', 'text'),
    col('name', 'text'),
    col('name_seq', 'bigint', true),
    col('cohort', 'text'),
    col('cohort_seq', 'bigint', true),
    col('statements', 'int'),
    col('first_at', 'ts'),
    col('last_at', 'ts'),
  ],
};

export const MASTERY: TableSpec = {
  table: 'analytics_mastery',
  key: ['learner', 'competency'],
  columns: [
    col('learner', 'text'),
    col('competency', 'text'),
    col('evidence', 'int'),
    col('correct', 'int'),
    col('status', 'text'),
    col('rule_version', 'int'),
  ],
};

export const LEARNER_ITEMS: TableSpec = {
  table: 'analytics_learner_items',
  key: ['learner', 'item'],
  columns: [
    col('learner', 'text'),
    col('item', 'text'),
    col('module', 'text'),
    col('item_kind', 'text'),
    col('interaction_type', 'text'),
    col('competencies', 'text[]'),
    col('attempts', 'int'),
    col('correct', 'int'),
    col('first_seq', 'bigint'),
    col('first_success', 'bool', true),
    col('first_response', 'text', true),
    col('first_at', 'ts'),
    col('last_at', 'ts'),
  ],
};

export const LEARNER_MODULES: TableSpec = {
  table: 'analytics_learner_modules',
  key: ['learner', 'module'],
  columns: [
    col('learner', 'text'),
    col('module', 'text'),
    col('statements', 'int'),
    col('sessions', 'int'),
    col('completed', 'int'),
    col('passed', 'int'),
    col('failed', 'int'),
    col('best_score', 'float', true),
    col('duration_ms', 'bigint'),
    col('first_at', 'ts'),
    col('last_at', 'ts'),
  ],
};

/** Every analytics table, in the order a dump or a truncate lists them. */
export const ANALYTICS_TABLES = [
  'analytics_statements',
  'analytics_learners',
  'analytics_mastery',
  'analytics_learner_items',
  'analytics_learner_modules',
  'analytics_cohorts',
  'analytics_cohort_competencies',
  'analytics_cohort_modules',
  'analytics_items',
  'analytics_item_responses',
  'analytics_pending',
] as const;

const SQL_TYPE: Record<ColumnType, string> = {
  text: 'text',
  int: 'integer',
  bigint: 'bigint',
  bool: 'boolean',
  float: 'double precision',
  ts: 'timestamptz',
  'text[]': 'text[]',
};

/** The SQL that reads a column of `r` (one element of the JSON array parameter). */
function fromJson(c: Column): string {
  if (c.type === 'text[]') return `ARRAY(SELECT jsonb_array_elements_text(r->'${c.field}'))`;
  if (c.name === 'statement_id') return `(r->>'${c.field}')::uuid`;
  if (c.type === 'text') return `r->>'${c.field}'`;
  return `(r->>'${c.field}')::${SQL_TYPE[c.type]}`;
}

/** The SELECT list that reads a table's rows in the shape `rowFromDb` expects. */
export function selectList(spec: TableSpec, alias = ''): string {
  const p = alias ? `${alias}.` : '';
  return spec.columns
    .map((c) => {
      if (c.type === 'ts') return `${tsText(p + c.name)} AS "${c.field}"`;
      if (c.name === 'statement_id') return `${p}${c.name}::text AS "${c.field}"`;
      if (c.type === 'bigint') return `${p}${c.name}::float8 AS "${c.field}"`;
      return `${p}${c.name} AS "${c.field}"`;
    })
    .join(', ');
}

/** Driver values → JS: numbers as numbers (int8 may come as text or bigint), arrays as arrays. */
export function rowFromDb<T>(spec: TableSpec, row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const c of spec.columns) {
    const v = row[c.field];
    if (v === null || v === undefined) out[c.field] = null;
    else if (c.type === 'int' || c.type === 'bigint' || c.type === 'float') out[c.field] = Number(v);
    else out[c.field] = v;
  }
  return out as T;
}

/** INSERT of rows given as JS objects; with `upsert`, a conflict on the key overwrites the row. */
export async function insertRows(
  tx: DbTx,
  spec: TableSpec,
  rows: object[],
  options: { upsert?: boolean; returning?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const names = spec.columns.map((c) => c.name);
  const update = spec.columns
    .filter((c) => !spec.key.includes(c.name))
    .map((c) => `${c.name} = EXCLUDED.${c.name}`)
    .join(', ');
  const sql =
    `INSERT INTO ${spec.table} (${names.join(', ')}) ` +
    `SELECT ${spec.columns.map(fromJson).join(', ')} FROM jsonb_array_elements($1::jsonb) AS e(r)` +
    (options.upsert ? ` ON CONFLICT (${spec.key.join(', ')}) DO UPDATE SET ${update}` : '') +
    (options.returning ? ` RETURNING ${selectList(spec)}` : '');
  return tx.query(sql, [JSON.stringify(rows)]);
}

/** DELETE of the rows with these keys (each key an array in `spec.key` order). */
export async function deleteKeys(tx: DbTx, spec: TableSpec, keys: string[][]): Promise<void> {
  if (keys.length === 0) return;
  const keyCols = spec.key.map((k, i) => `r->>${i} AS ${k}`).join(', ');
  const match = spec.key.map((k) => `t.${k} = d.${k}`).join(' AND ');
  await tx.query(
    `DELETE FROM ${spec.table} t USING (SELECT ${keyCols} FROM jsonb_array_elements($1::jsonb) AS e(r)) d WHERE ${match}`,
    [JSON.stringify(keys)],
  );
}
