import { useId, useState, type FormEvent } from 'react';
import type { Overview } from '@course/contracts';
import { Api, ApiError } from '../api.js';

/**
 * The analyst signs in with an LRS credential that has a read scope (analytics/read, statements/read,
 * all/read or all). The key and secret are checked against the API and kept in memory only.
 */
export function SignIn({ onSignedIn }: { onSignedIn: (api: Api, key: string, overview: Overview) => void }) {
  const [key, setKey] = useState('');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError('');
    const api = new Api(Api.basic(key.trim(), secret));
    try {
      onSignedIn(api, key.trim(), await api.overview());
    } catch (err) {
      if (err instanceof ApiError && err.status === 401)
        setError('The key and secret do not match an active credential.');
      else if (err instanceof ApiError && err.status === 403)
        setError(
          'This credential cannot read analytics: it needs the scope analytics/read, statements/read, all/read or all.',
        );
      else setError(`The LRS could not be reached: ${(err as Error).message}`);
      setBusy(false);
    }
  }

  return (
    <main id="main" className="sign-in">
      <h1>Competency analytics</h1>
      <p>
        Sign in with an LRS credential that can read analytics. The key and secret stay in this page’s memory:
        reloading the page signs you out.
      </p>
      <form onSubmit={submit} aria-describedby={error ? `${id}-error` : undefined}>
        <div className="field">
          <label htmlFor={`${id}-key`}>Key</label>
          <input
            id={`${id}-key`}
            name="key"
            autoComplete="username"
            required
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-secret`}>Secret</label>
          <input
            id={`${id}-secret`}
            name="secret"
            type="password"
            autoComplete="current-password"
            required
            value={secret}
            onChange={(e) => setSecret(e.target.value)}
          />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p id={`${id}-error`} role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
