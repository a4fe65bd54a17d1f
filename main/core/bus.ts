import type { BeckonEvent } from '../common/events.ts';

export type Observer = (event: BeckonEvent) => void;

/** Observers see every event once, without being stages: dashboards, recorders, the CLI timeline. */
export class EventBus {
  private readonly observers = new Set<Observer>();
  private readonly closeListeners = new Set<() => void>();

  subscribe(observer: Observer): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  onClose(listener: () => void): void {
    this.closeListeners.add(listener);
  }

  publish(event: BeckonEvent): void {
    for (const observer of this.observers) {
      try {
        observer(event);
      } catch {
        // A failing observer must never stop the pipeline.
      }
    }
  }

  close(): void {
    for (const listener of this.closeListeners) listener();
    this.closeListeners.clear();
  }
}
