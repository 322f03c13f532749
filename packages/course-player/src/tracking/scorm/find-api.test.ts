import { findScorm12Api, findScorm2004Api, MAX_PARENT_LEVELS } from './find-api';
import type { Scorm12Api } from './scorm12-api';
import type { Scorm2004Api } from './scorm2004-api';

interface FakeWindow {
  parent: FakeWindow | null;
  opener?: FakeWindow | null;
  API?: unknown;
  API_1484_11?: unknown;
}

const api = (): Scorm12Api => ({
  LMSInitialize: () => 'true',
  LMSFinish: () => 'true',
  LMSGetValue: () => '',
  LMSSetValue: () => 'true',
  LMSCommit: () => 'true',
  LMSGetLastError: () => '0',
  LMSGetErrorString: () => '',
  LMSGetDiagnostic: () => '',
});

/** A window whose parent is itself (the top), as browsers model it. */
function top(extra: Partial<FakeWindow> = {}): FakeWindow {
  const win: FakeWindow = { parent: null, ...extra };
  win.parent = win;
  return win;
}

const child = (parent: FakeWindow, extra: Partial<FakeWindow> = {}): FakeWindow => ({ parent, ...extra });

function chain(depth: number, root: FakeWindow): FakeWindow {
  let win = root;
  for (let i = 0; i < depth; i += 1) win = child(win);
  return win;
}

describe('findScorm12Api (SCORM 1.2 RTE API discovery)', () => {
  it('finds the API on the window itself', () => {
    const found = api();
    expect(findScorm12Api(top({ API: found }))).toBe(found);
  });

  it('finds the API on a grandparent (the LMS frame around the SCO frame)', () => {
    const found = api();
    expect(findScorm12Api(chain(2, top({ API: found })))).toBe(found);
  });

  it(`searches up to ${MAX_PARENT_LEVELS} parents and no further`, () => {
    const found = api();
    expect(findScorm12Api(chain(MAX_PARENT_LEVELS, top({ API: found })))).toBe(found);
    expect(findScorm12Api(chain(MAX_PARENT_LEVELS + 1, top({ API: found })))).toBeNull();
  });

  it("then searches the opener and the opener's parents (a SCO in a pop-up)", () => {
    const found = api();
    const lms = top({ API: found });
    const opener = child(lms);
    expect(findScorm12Api(top({ opener }))).toBe(found);
  });

  it('treats a cross-origin parent as having no API and keeps going to the opener', () => {
    const found = api();
    const crossOrigin = {} as FakeWindow;
    Object.defineProperty(crossOrigin, 'API', {
      get() {
        throw new DOMException('Blocked a frame', 'SecurityError');
      },
    });
    Object.defineProperty(crossOrigin, 'parent', { get: () => crossOrigin });
    const win = child(crossOrigin, { opener: top({ API: found }) });
    expect(findScorm12Api(win)).toBe(found);
  });

  it('ignores an API object that lacks the SCORM 1.2 functions (a SCORM 2004 API_1484_11 look-alike)', () => {
    expect(findScorm12Api(top({ API: { Initialize: () => 'true' } }))).toBeNull();
  });

  it('returns null outside any LMS', () => {
    expect(findScorm12Api(chain(3, top()))).toBeNull();
  });
});

const api2004 = (): Scorm2004Api => ({
  Initialize: () => 'true',
  Terminate: () => 'true',
  GetValue: () => '',
  SetValue: () => 'true',
  Commit: () => 'true',
  GetLastError: () => '0',
  GetErrorString: () => '',
  GetDiagnostic: () => '',
});

describe('findScorm2004Api (SCORM 2004 RTE API discovery of API_1484_11)', () => {
  it('finds API_1484_11 on the window itself and on a grandparent', () => {
    const found = api2004();
    expect(findScorm2004Api(top({ API_1484_11: found }))).toBe(found);
    expect(findScorm2004Api(chain(2, top({ API_1484_11: found })))).toBe(found);
  });

  it(`searches up to ${MAX_PARENT_LEVELS} parents and no further`, () => {
    const found = api2004();
    expect(findScorm2004Api(chain(MAX_PARENT_LEVELS, top({ API_1484_11: found })))).toBe(found);
    expect(findScorm2004Api(chain(MAX_PARENT_LEVELS + 1, top({ API_1484_11: found })))).toBeNull();
  });

  it("then searches the opener and the opener's parents, past a cross-origin parent", () => {
    const found = api2004();
    const crossOrigin = {} as FakeWindow;
    Object.defineProperty(crossOrigin, 'API_1484_11', {
      get() {
        throw new DOMException('Blocked a frame', 'SecurityError');
      },
    });
    Object.defineProperty(crossOrigin, 'parent', { get: () => crossOrigin });
    const win = child(crossOrigin, { opener: child(top({ API_1484_11: found })) });
    expect(findScorm2004Api(win)).toBe(found);
  });

  it('ignores the SCORM 1.2 `API` and objects without the SCORM 2004 functions', () => {
    expect(findScorm2004Api(top({ API: api() }))).toBeNull();
    expect(findScorm2004Api(top({ API_1484_11: { LMSInitialize: () => 'true' } }))).toBeNull();
    expect(findScorm12Api(top({ API_1484_11: api2004() }))).toBeNull();
  });

  it('returns null outside any LMS', () => {
    expect(findScorm2004Api(chain(3, top()))).toBeNull();
  });
});
