import type { BeckonEvent } from '../common/events.ts';
import { toJsonLine } from '../core/recorder.ts';

/** What `beckon run --json` prints: one JSON event per line, audio left out. */
export function jsonPrinter(write: (line: string) => void): (e: BeckonEvent) => void {
  return (event) => {
    const line = toJsonLine(event);
    if (line !== null) write(line);
  };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2).padStart(6)}s`;

/** The human timeline: one line per thing a person cares about, with the time it happened. */
export function formatEvent(e: BeckonEvent, options: { partials: boolean } = { partials: true }): string | null {
  const at = seconds(e.t);
  switch (e.kind) {
    case 'Vad':
      return e.state === 'start'
        ? `${at}  speech start  (${e.utteranceId}, audio ${seconds(e.at).trim()})`
        : `${at}  speech end    (${e.utteranceId}, audio ${seconds(e.at).trim()})`;
    case 'Transcript':
      if (!e.final && !options.partials) return null;
      return `${at}  ${e.final ? 'heard  ' : 'hearing'}       "${e.text}"  [${e.engine}, ${e.lang}, confidence ${e.confidence.toFixed(2)}]`;
    case 'Intent': {
      const slots = Object.entries(e.slots)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(' ');
      return `${at}  intent        ${e.name}${slots ? ` ${slots}` : ''}  (confidence ${e.confidence.toFixed(2)})`;
    }
    case 'Action':
      return `${at}  action        ${e.type} ${e.status}${e.message ? `: ${e.message}` : ''}`;
    case 'Reply':
      return e.partial ? null : `${at}  reply         "${e.text}"`;
    case 'Speak':
      return e.state === 'audio' ? `${at}  speaking      first audio` : e.state === 'stopped' ? `${at}  speaking      stopped` : null;
    case 'Control':
      return `${at}  control       ${e.action}${e.reason ? ` (${e.reason})` : ''}`;
    case 'Metric':
      return e.name.startsWith('latency.') || e.name.endsWith('_ms') ? `${at}  latency       ${e.name} ${e.ms.toFixed(0)} ms` : null;
    case 'Error':
      return `${at}  error         [${e.stage}] ${e.code}: ${e.message}${e.hint ? `\n                      ${e.hint}` : ''}`;
    case 'Gesture':
      return `${at}  gesture       ${e.label} (${e.hand}, ${e.score.toFixed(2)})`;
    case 'Emotion':
      return `${at}  emotion       ${e.label}`;
    case 'Affect':
      return `${at}  affect        ${e.label} (valence ${e.valence.toFixed(2)}, confidence ${e.confidence.toFixed(2)})`;
    case 'AudioFrame':
    case 'SpeechSegment':
    case 'Level':
      return null;
  }
}
