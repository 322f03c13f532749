import type { TrackerEvent, TrackerListener } from './tracker.js';

/** Events kept for listeners that subscribe late (the UI subscribes after boot has started tracking). */
const HISTORY_LIMIT = 100;

/**
 * Delivers tracking events to listeners. A new listener first receives the events emitted before it
 * subscribed (the most recent HISTORY_LIMIT), so nothing that happened during boot goes unseen.
 */
export class TrackerEvents {
  private readonly listeners = new Set<TrackerListener>();
  private readonly history: TrackerEvent[] = [];

  on(listener: TrackerListener): () => void {
    this.listeners.add(listener);
    [...this.history].forEach((event) => listener(event));
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: TrackerEvent): void {
    this.history.push(event);
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    [...this.listeners].forEach((listener) => listener(event));
  }
}
