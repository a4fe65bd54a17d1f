import type { Turn } from '../state/types.ts';
import { CHART_METRIC } from '../state/selectors.ts';
import { Empty, Panel } from './Panel.tsx';

const SHOWN = /^(latency\.|asr\.|tts\.)/;
const W = 280;
const H = 80;
const PAD = 4;

/** Per-stage milliseconds of the last turn, and a sparkline of end-of-speech to first audio over recent turns. */
export function LatencyPanel({ turns }: { turns: Turn[] }) {
  const last = [...turns].reverse().find((t) => Object.keys(t.metrics).some((k) => SHOWN.test(k)));
  const series = turns.flatMap((t) => (t.metrics[CHART_METRIC] === undefined ? [] : [t.metrics[CHART_METRIC]]));
  return (
    <Panel title="Latency" className="panel-latency">
      {last ? (
        <table className="metrics" data-testid="metrics">
          <caption className="visually-hidden">Milliseconds per stage, last turn</caption>
          <tbody>
            {Object.entries(last.metrics)
              .filter(([k]) => SHOWN.test(k))
              .map(([name, ms]) => (
                <tr key={name}>
                  <th scope="row">{name.replace(/_ms$/, '')}</th>
                  <td>{ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms</td>
                </tr>
              ))}
          </tbody>
        </table>
      ) : (
        <Empty>No turns measured yet.</Empty>
      )}
      {series.length > 0 && <Sparkline values={series} />}
    </Panel>
  );
}

function Sparkline({ values }: { values: number[] }) {
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? (W - 2 * PAD) / (values.length - 1) : 0;
  const points = values.map((v, i) => [PAD + i * step, H - PAD - (v / max) * (H - 2 * PAD)] as const);
  const median = [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const label = `End of speech to first audio, last ${values.length} turn${values.length === 1 ? '' : 's'}: latest ${Math.round(values.at(-1)!)} ms, median ${Math.round(median)} ms, max ${Math.round(max)} ms`;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-testid="latency-chart" preserveAspectRatio="none">
        <line className="chart-axis" x1={PAD} x2={W - PAD} y1={H - PAD} y2={H - PAD} />
        <polyline className="chart-line" points={points.map((p) => p.join(',')).join(' ')} />
        {points.map(([x, y], i) => (
          <circle key={i} className="chart-dot" cx={x} cy={y} r={3} />
        ))}
      </svg>
      <figcaption className="muted-text">
        End of speech → first audio: {Math.round(values.at(-1)!)} ms latest · {Math.round(median)} ms median · {Math.round(max)} ms max
      </figcaption>
    </figure>
  );
}
