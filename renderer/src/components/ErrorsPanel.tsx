import type { EngineStatus } from '../../../main/common/contract.ts';
import type { ErrorEntry } from '../state/types.ts';
import { Panel } from './Panel.tsx';

/** Engine errors with what to do about each; announced assertively. */
export function ErrorsPanel({ errors, status, onDismiss }: { errors: ErrorEntry[]; status: EngineStatus | null; onDismiss: () => void }) {
  const engineError = status?.state === 'error' ? status : null;
  const count = errors.length + (engineError ? 1 : 0);
  return (
    <Panel
      title={count ? `Problems (${count})` : 'Problems'}
      className={`panel-errors ${count ? 'has-errors' : ''}`}
      actions={
        errors.length > 0 && (
          <button type="button" className="button" onClick={onDismiss}>
            Clear
          </button>
        )
      }
    >
      <div role="alert" aria-live="assertive" data-testid="errors">
        {engineError && (
          <div className="error">
            <strong>Engine stopped: {engineError.message ?? 'unknown error'}</strong>
            {engineError.hint && <p className="hint">Fix: {engineError.hint}</p>}
          </div>
        )}
        {[...errors].reverse().map((e) => (
          <div key={e.seq} className="error">
            <strong>
              {e.stage}: {e.message}
            </strong>{' '}
            <code>{e.code}</code>
            {e.hint && <p className="hint">Fix: {e.hint}</p>}
          </div>
        ))}
      </div>
      {count === 0 && <p className="empty">All good.</p>}
    </Panel>
  );
}
