import { isScorm12Api, type Scorm12Api } from './scorm12-api.js';

/** SCORM 1.2 RTE 3.3.6.1: give up after this many parent windows. */
export const MAX_PARENT_LEVELS = 500;

interface WindowLike {
  parent: WindowLike | null;
  opener?: WindowLike | null;
}

/** Reads `win.API`, treating a cross-origin window (which throws on access) as having none. */
function apiOf(win: WindowLike): Scorm12Api | null {
  try {
    const api = (win as unknown as { API?: unknown }).API;
    return isScorm12Api(api) ? api : null;
  } catch {
    return null;
  }
}

function parentOf(win: WindowLike): WindowLike | null {
  try {
    const parent = win.parent;
    return parent && parent !== win ? parent : null;
  } catch {
    return null;
  }
}

/** Looks for `API` on `win` and its parents, up to MAX_PARENT_LEVELS levels up. */
function searchUp(start: WindowLike): Scorm12Api | null {
  let win: WindowLike | null = start;
  for (let level = 0; win && level <= MAX_PARENT_LEVELS; level += 1) {
    const api = apiOf(win);
    if (api) return api;
    win = parentOf(win);
  }
  return null;
}

/**
 * The SCORM 1.2 API discovery algorithm (RTE 3.3.6.1): the window itself and its parents, then the
 * window that opened it and that window's parents.
 * @example const api = findScorm12Api(window); // null outside an LMS
 */
export function findScorm12Api(win: WindowLike): Scorm12Api | null {
  const found = searchUp(win);
  if (found) return found;
  let opener: WindowLike | null | undefined;
  try {
    opener = win.opener;
  } catch {
    opener = null;
  }
  return opener ? searchUp(opener) : null;
}
