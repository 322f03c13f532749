import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Block, Item, ScenarioSource } from '@course/contracts';
import type { ContentIssue } from '../issues.js';

/** Makes an issue at a data path of one source file (the line is resolved by the caller's `at`). */
export type At = (path: PropertyKey[], code: ContentIssue['code'], message: string) => ContentIssue;

const duplicates = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);

/** Answer keys and inner ids of one item: what a schema cannot say. */
export function checkItem(item: Item, at: At): ContentIssue[] {
  const out: ContentIssue[] = [];
  const dupes = (ids: string[], field: string) =>
    duplicates(ids).forEach((id) => out.push(at([field], 'BLD_DUPLICATE_ID', `id "${id}" appears twice in ${field} of item "${item.id}"`)));
  switch (item.type) {
    case 'single-choice': {
      const ids = item.choices.map((c) => c.id);
      dupes(ids, 'choices');
      if (!ids.includes(item.correct)) out.push(at(['correct'], 'BLD_ANSWER_KEY', `answer key "${item.correct}" matches no choice; expected one of ${ids.join(', ')}`));
      break;
    }
    case 'multiple-response': {
      const ids = item.choices.map((c) => c.id);
      dupes(ids, 'choices');
      item.correct.forEach((c, i) => {
        if (!ids.includes(c)) out.push(at(['correct', i], 'BLD_ANSWER_KEY', `answer key "${c}" matches no choice; expected one of ${ids.join(', ')}`));
      });
      duplicates(item.correct).forEach((c) => out.push(at(['correct'], 'BLD_ANSWER_KEY', `answer key "${c}" is listed twice`)));
      if (item.correct.length === ids.length) out.push(at(['correct'], 'BLD_ANSWER_KEY', 'every choice is correct; leave at least one wrong choice'));
      break;
    }
    case 'matching':
      dupes(item.pairs.map((p) => p.id), 'pairs');
      duplicates(item.pairs.map((p) => p.response)).forEach((r) => out.push(at(['pairs'], 'BLD_ANSWER_KEY', `response "${r}" belongs to two premises, so the answer is ambiguous`)));
      break;
    case 'ordering':
      dupes(item.steps.map((s) => s.id), 'steps');
      break;
    case 'categorising': {
      const ids = item.categories.map((c) => c.id);
      dupes(ids, 'categories');
      dupes(item.entries.map((e) => e.id), 'entries');
      item.entries.forEach((e, i) => {
        if (!ids.includes(e.category)) out.push(at(['entries', i, 'category'], 'BLD_ANSWER_KEY', `category "${e.category}" matches no category; expected one of ${ids.join(', ')}`));
      });
      break;
    }
    default:
      break;
  }
  return out;
}

/** Blocks that are not items: assets present, tables rectangular. */
export function checkBlock(block: Block, at: At, moduleDir: string): ContentIssue[] {
  const out: ContentIssue[] = [];
  if (block.type === 'image') {
    if (/^([a-z]+:|\/)/i.test(block.src) || block.src.split('/').includes('..')) {
      out.push(at(['src'], 'BLD_ASSET', `image "${block.src}" must be a path inside the module folder (no URL, no absolute path, no "..")`));
    } else if (!existsSync(join(moduleDir, block.src))) {
      out.push(at(['src'], 'BLD_ASSET', `image "${block.src}" not found in the module folder`));
    }
  }
  if (block.type === 'comparison') {
    block.rows.forEach((row, i) => {
      if (row.length !== block.columns.length) out.push(at(['rows', i], 'BLD_SCHEMA', `row has ${row.length} cells; expected ${block.columns.length}, one per column`));
    });
  }
  return out;
}

/** The scenario graph: every `next` resolves, every node is reachable, every path can end. */
export function checkScenario(s: ScenarioSource, at: At): ContentIssue[] {
  const out: ContentIssue[] = [];
  const index = new Map<string, number>();
  s.nodes.forEach((n, i) => {
    if (index.has(n.id)) out.push(at(['nodes', i, 'id'], 'BLD_DUPLICATE_ID', `node id "${n.id}" is used twice`));
    else index.set(n.id, i);
  });
  if (!index.has(s.start)) out.push(at(['start'], 'BLD_SCENARIO', `start node "${s.start}" does not exist`));
  const edges = new Map<string, string[]>();
  s.nodes.forEach((n, i) => {
    if (!('choices' in n)) return;
    edges.set(n.id, n.choices.map((c) => c.next));
    duplicates(n.choices.map((c) => c.id)).forEach((id) => out.push(at(['nodes', i, 'choices'], 'BLD_DUPLICATE_ID', `choice id "${id}" is used twice at node "${n.id}"`)));
    n.choices.forEach((c, j) => {
      if (!index.has(c.next)) out.push(at(['nodes', i, 'choices', j, 'next'], 'BLD_SCENARIO', `choice leads to "${c.next}", which is not a node of this scenario`));
      if (c.next === n.id) out.push(at(['nodes', i, 'choices', j, 'next'], 'BLD_SCENARIO', 'choice leads back to its own node'));
    });
  });
  if (!index.has(s.start)) return out;
  const reachable = new Set<string>([s.start]);
  const queue = [s.start];
  while (queue.length) {
    for (const next of edges.get(queue.shift()!) ?? []) {
      if (index.has(next) && !reachable.has(next)) {
        reachable.add(next);
        queue.push(next);
      }
    }
  }
  s.nodes.forEach((n, i) => {
    if (!reachable.has(n.id)) out.push(at(['nodes', i, 'id'], 'BLD_SCENARIO', `node "${n.id}" cannot be reached from the start node "${s.start}"`));
  });
  // Nodes from which some ending can be reached (fixed point, handles cycles).
  const canEnd = new Set(s.nodes.filter((n) => 'ending' in n).map((n) => n.id));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [id, nexts] of edges) {
      if (!canEnd.has(id) && nexts.some((x) => canEnd.has(x))) {
        canEnd.add(id);
        changed = true;
      }
    }
  }
  s.nodes.forEach((n, i) => {
    if (reachable.has(n.id) && !canEnd.has(n.id)) out.push(at(['nodes', i, 'id'], 'BLD_SCENARIO', `from node "${n.id}" no path leads to an ending`));
  });
  return out;
}

// A figure: a percentage, or a number of four or more digits (with or without separators) that is not a year.
const FIGURE = /(\d[\d,.\u00a0 ]*\s?(%|per ?cent\b))|\b(\d{1,3}(?:[,\u00a0 ]\d{3})+|\d{4,})\b/gi;
const YEAR = /^(1[89]|20)\d{2}$/;
// A citation in the same paragraph: "(…, 2018)", "(Source: …)", "[…]" with a year, or an article reference.
const CITATION = /\([^()]*\b(1[89]|20)\d{2}\b[^()]*\)|\(source:[^)]+\)|\[[^\]]*\b(1[89]|20)\d{2}\b[^\]]*\]/i;

/** Splits Markdown into paragraphs (blank-line separated) with the file line each starts on. */
function paragraphs(markdown: string, startLine: number): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let current: string[] = [];
  let first = startLine;
  markdown.split('\n').forEach((l, i) => {
    if (!l.trim()) {
      if (current.length) out.push({ text: current.join('\n'), line: first });
      current = [];
      return;
    }
    if (!current.length) first = startLine + i;
    current.push(l);
  });
  if (current.length) out.push({ text: current.join('\n'), line: first });
  return out;
}

/** Figures need a source in their paragraph; Markdown images need alt text and a file. */
export function checkProse(markdown: string, startLine: number, file: string, moduleDir: string): ContentIssue[] {
  const out: ContentIssue[] = [];
  for (const { text: paragraph, line } of paragraphs(markdown, startLine)) {
    const figures = [...paragraph.matchAll(FIGURE)]
      .map((m) => m[0].trim())
      .filter((f) => /%|cent/i.test(f) || !YEAR.test(f.replace(/[^\d]/g, '')));
    if (figures.length && !CITATION.test(paragraph)) {
      out.push({ code: 'BLD_CITATION', file, line, message: `figure "${figures[0]}" has no source in its paragraph; add one such as "(UNODC, Global Study on Smuggling of Migrants, 2018)"` });
    }
    for (const m of paragraph.matchAll(/!\[([^\]]*)\]\(([^)\s]+)[^)]*\)/g)) {
      const at = line + paragraph.slice(0, m.index).split('\n').length - 1;
      if (!m[1]!.trim()) out.push({ code: 'BLD_ALT_TEXT', file, line: at, message: `image "${m[2]}" has no alt text; write what it shows between the brackets: ![what it shows](${m[2]})` });
      if (!/^[a-z]+:/i.test(m[2]!) && !existsSync(join(moduleDir, m[2]!))) out.push({ code: 'BLD_ASSET', file, line: at, message: `image "${m[2]}" not found in the module folder` });
    }
  }
  return out;
}
