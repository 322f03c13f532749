import { en, type MessageKey } from './en.js';

/**
 * The message for `key`, with `{name}` placeholders filled from `params`.
 * @example t('yourScore', { percent: 50 }) // 'Your score: 50%'
 */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}
