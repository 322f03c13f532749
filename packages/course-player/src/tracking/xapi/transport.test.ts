import type { Statement } from '@course/contracts';
import { fakeResponse } from '../../../test/http';
import { fetchTransport } from './transport';

const statement: Statement = {
  id: '00000000-0000-4000-8000-000000000001',
  actor: { mbox: 'mailto:jane@example.org' },
  verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
  object: { id: 'https://courses.example.org/c/m/question/q' },
};

describe('fetchTransport', () => {
  it('POSTs the statements to <endpoint>statements with xAPI 2.0.0 headers and the launch auth', async () => {
    const fetchMock = jest.fn(async () => fakeResponse(200, '["x"]'));
    const send = fetchTransport({
      endpoint: 'https://lrs.example.org/xapi/',
      auth: 'Basic abc',
      fetch: fetchMock,
    });
    await expect(send([statement])).resolves.toEqual({ status: 200, body: '["x"]' });
    expect(fetchMock).toHaveBeenCalledWith('https://lrs.example.org/xapi/statements', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Experience-API-Version': '2.0.0',
        Authorization: 'Basic abc',
      },
      body: JSON.stringify([statement]),
      keepalive: true,
      credentials: 'omit',
    });
  });

  it('reports the status of a refusal instead of throwing', async () => {
    const send = fetchTransport({
      endpoint: 'https://lrs.example.org/xapi',
      fetch: async () => fakeResponse(400, 'bad'),
    });
    await expect(send([statement])).resolves.toEqual({ status: 400, body: 'bad' });
  });

  it('rejects on a network failure, so the queue retries', async () => {
    const send = fetchTransport({
      endpoint: 'https://lrs.example.org/xapi/',
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(send([statement])).rejects.toThrow('Failed to fetch');
  });
});
