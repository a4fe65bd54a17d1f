import type { WireEvent } from '../common/contract.ts';

/**
 * The last events of the session, so a dashboard that connects late (a second screen, a reloaded
 * kiosk page) shows the conversation so far instead of an empty page. Meter readings are not kept.
 */
export class RecentEvents {
  private readonly events: WireEvent[] = [];
  constructor(private readonly capacity = 500) {}

  add(event: WireEvent): void {
    if (event.kind === 'Level') return;
    this.events.push(event);
    if (this.events.length > this.capacity) this.events.splice(0, this.events.length - this.capacity);
  }

  list(): readonly WireEvent[] {
    return this.events;
  }
}
