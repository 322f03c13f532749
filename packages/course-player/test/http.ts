/** A minimal fetch Response for jsdom, which has no Response class: what the player reads of one. */
export function fakeResponse(status: number, body: string, statusText = ''): Response {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText,
    text: async () => body,
  } as unknown as Response;
}
