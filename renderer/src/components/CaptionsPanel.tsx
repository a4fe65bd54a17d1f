import type { Caption } from '../state/types.ts';
import { Empty, Panel, percent } from './Panel.tsx';

/** Live captions: a partial transcript in italics, replaced by the final one for the same utterance. */
export function CaptionsPanel({ captions }: { captions: Caption[] }) {
  const recent = captions.slice(-6);
  return (
    <Panel title="Captions" className="panel-captions">
      <ol className="captions" aria-live="polite" aria-relevant="additions text" data-testid="captions">
        {recent.map((c) => (
          <li key={c.utteranceId} className={c.final ? 'caption final' : 'caption partial'} data-final={c.final}>
            <span className="caption-text">{c.text || '…'}</span>
            <span className="caption-meta">
              {c.final ? `${c.engine} · ${c.lang} · ${percent(c.confidence)}` : <span className="visually-hidden">(still listening)</span>}
            </span>
          </li>
        ))}
      </ol>
      {recent.length === 0 && <Empty>Say something: captions appear here as you speak.</Empty>}
    </Panel>
  );
}
