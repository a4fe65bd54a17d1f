import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { BINARY_KINDS, type BeckonEvent, EventSchema } from '../common/events.ts';
import { BeckonError } from '../common/errors.ts';

/** One event per line; audio-carrying kinds are left out (audio stays in memory unless recording is on). */
export function toJsonLine(event: BeckonEvent): string | null {
  if (BINARY_KINDS.has(event.kind)) return null;
  return JSON.stringify(event);
}

/** Observer that appends events to a JSONL file. */
export class JsonlRecorder {
  private readonly stream: WriteStream;
  constructor(path: string) {
    this.stream = createWriteStream(path, { flags: 'w' });
  }
  readonly observe = (event: BeckonEvent): void => {
    const line = toJsonLine(event);
    if (line !== null) this.stream.write(`${line}\n`);
  };
  close(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}

/** Parse and validate a JSONL session; a bad line is reported with its number. */
export function parseJsonl(text: string, origin = 'events'): BeckonEvent[] {
  const events: BeckonEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new BeckonError('BAD_EVENTS_FILE', `${origin}:${i + 1} is not JSON`, 'Each line must be one JSON event.');
    }
    const parsed = EventSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BeckonError(
        'BAD_EVENTS_FILE',
        `${origin}:${i + 1} is not a valid event: ${issue?.path.join('.') || 'event'} ${issue?.message ?? ''}`.trim(),
        'Record events with `beckon run --record <file>`.',
      );
    }
    events.push(parsed.data);
  }
  return events;
}

export async function readJsonl(path: string): Promise<BeckonEvent[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new BeckonError('EVENTS_NOT_FOUND', `cannot read events file ${path}`, 'Check the path.');
  }
  return parseJsonl(text, path);
}

export interface ReplayOptions {
  /** Keep the recorded gaps between events (by their `t`), or emit as fast as possible. */
  realtime?: boolean;
  /** Only replay these kinds (e.g. the inputs of the stage under test). */
  kinds?: ReadonlySet<string>;
}

/** Replays recorded events as a source. Events keep their content; the pipeline re-stamps nothing. */
export async function* replay(events: BeckonEvent[], options: ReplayOptions = {}): AsyncIterable<BeckonEvent> {
  const start = performance.now();
  const t0 = events[0]?.t ?? 0;
  for (const event of events) {
    if (options.kinds && !options.kinds.has(event.kind)) continue;
    if (options.realtime) {
      const wait = event.t - t0 - (performance.now() - start);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    yield event;
  }
}
