import type { TrackerEventType } from '../tracking/tracker.js';
import { t } from '../i18n/t.js';
import type { MessageKey } from '../i18n/en.js';

/** Tracking problems the learner needs to know about, and what to tell them. Others go to the debug log. */
export const LEARNER_MESSAGES: Partial<Record<TrackerEventType, MessageKey>> = {
  'lms-not-found': 'lmsNotFound',
  'lms-init-failed': 'lmsNotFound',
  'save-failed': 'saveFailed',
  'progress-unreadable': 'progressUnreadable',
};

export function TrackingBanner({ events }: { events: TrackerEventType[] }) {
  const keys = [...new Set(events.map((e) => LEARNER_MESSAGES[e]).filter((k) => k !== undefined))];
  if (keys.length === 0) return null;
  return (
    <div className="banner" role="alert">
      {keys.map((key) => (
        <p key={key}>{t(key)}</p>
      ))}
    </div>
  );
}
