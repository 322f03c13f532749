/**
 * The SCORM 2004 runtime API object an LMS puts on a window as `API_1484_11` (IEEE 1484.11.2,
 * SCORM 2004 4th Edition RTE 3.1). Every value is a string.
 */
export interface Scorm2004Api {
  Initialize(parameter: ''): string;
  Terminate(parameter: ''): string;
  GetValue(element: string): string;
  SetValue(element: string, value: string): string;
  Commit(parameter: ''): string;
  GetLastError(): string;
  GetErrorString(code: string): string;
  GetDiagnostic(code: string): string;
}

export function isScorm2004Api(value: unknown): value is Scorm2004Api {
  if (typeof value !== 'object' || value === null) return false;
  const api = value as Record<string, unknown>;
  return ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError'].every(
    (name) => typeof api[name] === 'function',
  );
}
