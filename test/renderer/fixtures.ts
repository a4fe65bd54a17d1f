import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeStatus as baseStatus } from '../support/status.ts';
import { WireEventSchema, type EngineStatus, type WireEvent } from '../../main/common/contract.ts';

export const SESSIONS = ['volume-up', 'time-query', 'app-open', 'media-pause'] as const;

/** A session recorded with `beckon run --json --dry-run --no-speak`, parsed with the contract like a dashboard would. */
export function loadSession(name: (typeof SESSIONS)[number]): WireEvent[] {
  const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', `session-${name}.jsonl`), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => WireEventSchema.parse(JSON.parse(line)) as WireEvent);
}

/** A listening engine whose context lists two apps and one command. */
export function makeStatus(overrides: Partial<EngineStatus> = {}): EngineStatus {
  return baseStatus({ context: { allowedApps: ['calculator', 'terminal'], commands: ['volume.up'] }, ...overrides });
}

let seq = 1000;
/** Stamp an event body the way the pipeline does. */
export function stamp<E extends Omit<WireEvent, 't' | 'seq' | 'source'>>(body: E): WireEvent {
  seq += 1;
  return WireEventSchema.parse({ t: seq, seq, source: 'test', ...body }) as WireEvent;
}
