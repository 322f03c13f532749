import { t } from '../i18n/t.js';

/** Shown instead of the course when the package cannot start; names what failed and why. */
export function FatalScreen({ message }: { message: string }) {
  return (
    <main className="fatal">
      <div role="alert">
        <h1>{t('fatalTitle')}</h1>
        <p>{message}</p>
        <p>{t('fatalHelp')}</p>
      </div>
    </main>
  );
}
