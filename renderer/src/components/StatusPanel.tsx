import type { EngineStatus } from '../../../main/common/contract.ts';
import { Empty, Panel } from './Panel.tsx';

const STATE_LABEL = { starting: 'Starting', listening: 'Listening', idle: 'Idle', stopped: 'Stopped', error: 'Error' } as const;

/** Engine state, speech engines in use, and every model with the fix for a missing one. */
export function StatusPanel({ status }: { status: EngineStatus | null }) {
  return (
    <Panel title="Engine and models" className="panel-status">
      {!status ? (
        <Empty>Waiting for the engine…</Empty>
      ) : (
        <>
          <p>
            <span className={`pill state-${status.state}`} data-testid="engine-state">
              {STATE_LABEL[status.state]}
            </span>{' '}
            {status.asr && (
              <span className="muted-text">
                speech: {status.asr.engine}
                {status.asr.model ? ` (${status.asr.model})` : ''}
                {status.asr.executionProvider ? ` on ${status.asr.executionProvider}` : ''}
              </span>
            )}
            {status.tts && <span className="muted-text"> · voice: {status.tts.voice ?? status.tts.engine}</span>}
          </p>
          <ul className="models" data-testid="models">
            {status.models.map((m) => (
              <li key={m.name} className={m.present ? 'model present' : 'model missing'}>
                <span className="model-mark" aria-hidden="true">
                  {m.present ? '✓' : '!'}
                </span>
                <span>
                  <strong>{m.name}</strong> <span className="muted-text">{m.task} · {m.licence}</span>
                  {!m.present && (
                    <span className="hint">
                      {' '}
                      Missing. Fix: {m.hint ?? 'see the README, section Models'}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}
