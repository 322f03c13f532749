import { isScorm12Api, type Scorm12Api } from './scorm12-api.js';
import { isScorm2004Api, type Scorm2004Api } from './scorm2004-api.js';

/** SCORM 1.2 RTE 3.3.6.1 (and ADL's SCORM 2004 discovery script): give up after this many parent windows. */
export const MAX_PARENT_LEVELS = 500;

interface WindowLike {
  parent: WindowLike | null;
  opener?: WindowLike | null;
}

/** Reads `win[name]`, treating a cross-origin window (which throws on access) as having none. */
function apiOf<T>(win: WindowLike, name: string, isApi: (value: unknown) => value is T): T | null {
  try {
    const api = (win as unknown as Record<string, unknown>)[name];
    return isApi(api) ? api : null;
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

/** Looks for the API on `start` and its parents, up to MAX_PARENT_LEVELS levels up. */
function searchUp<T>(start: WindowLike, name: string, isApi: (value: unknown) => value is T): T | null {
  let win: WindowLike | null = start;
  for (let level = 0; win && level <= MAX_PARENT_LEVELS; level += 1) {
    const api = apiOf(win, name, isApi);
    if (api) return api;
    win = parentOf(win);
  }
  return null;
}

/** The window itself and its parents, then the window that opened it and that window's parents. */
function findApi<T>(win: WindowLike, name: string, isApi: (value: unknown) => value is T): T | null {
  const found = searchUp(win, name, isApi);
  if (found) return found;
  let opener: WindowLike | null | undefined;
  try {
    opener = win.opener;
  } catch {
    opener = null;
  }
  return opener ? searchUp(opener, name, isApi) : null;
}

/**
 * The SCORM 1.2 API discovery algorithm (RTE 3.3.6.1): `API` on the window itself and its parents,
 * then on the window that opened it and that window's parents.
 * @example const api = findScorm12Api(window); // null outside an LMS
 */
export function findScorm12Api(win: WindowLike): Scorm12Api | null {
  return findApi(win, 'API', isScorm12Api);
}

/**
 * The SCORM 2004 API discovery algorithm (4th Edition RTE 3.1.3): `API_1484_11` on the window itself
 * and its parents, then on the window that opened it and that window's parents.
 * @example const api = findScorm2004Api(window); // null outside an LMS
 */
export function findScorm2004Api(win: WindowLike): Scorm2004Api | null {
  return findApi(win, 'API_1484_11', isScorm2004Api);
}
