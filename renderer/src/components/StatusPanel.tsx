import type { EngineStatus } from '../../../main/common/contract.ts';
import { Empty, Panel } from './Panel.tsx';
import { isOptional } from '../state/selectors.ts';

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
            {status.llm && (
              <span className="muted-text" data-testid="llm-status">
                {' '}
                · language model: {status.llm.model} ({status.llm.engine}
                {status.llm.device === 'server' ? '' : ` on ${status.llm.device === 'cpu' ? 'CPU' : `${status.llm.device} GPU`}`})
              </span>
            )}
          </p>
          <ul className="models" data-testid="models">
            {status.models.map((m) => {
              const optional = isOptional(m, status.models);
              return (
                <li key={m.name} className={m.present ? 'model present' : optional ? 'model optional' : 'model missing'}>
                  <span className="model-mark" aria-hidden="true">
                    {m.present ? '✓' : optional ? '○' : '!'}
                  </span>
                  <span>
                    <strong>{m.name}</strong> <span className="muted-text">{m.task} · {m.licence}</span>
                    {!m.present && (
                      <span className={optional ? 'muted-text' : 'hint'}>
                        {' '}
                        {optional ? 'Optional, not installed. Get it: ' : 'Missing. Fix: '}
                        {m.hint ?? 'see the README, section Models'}
                      </span>
                    )}
                  </span>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </Panel>
  );
}
