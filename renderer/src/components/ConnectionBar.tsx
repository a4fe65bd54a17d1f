import type { ConnectionState } from '../transport/types.ts';

const LABEL = { connecting: 'Connecting…', live: 'Live', disconnected: 'Disconnected' } as const;

/** The link to the engine, always visible; the reason is spelled out when it is down. */
export function ConnectionBar({ connection, invalidCount }: { connection: ConnectionState; invalidCount: number }) {
  return (
    <div className={`connection connection-${connection.state}`} role="status" aria-live="polite" data-testid="connection">
      <span className="dot" aria-hidden="true" />
      <strong>
        {LABEL[connection.state]}
        {connection.state === 'disconnected' && ':'}
      </strong>
      {connection.state === 'disconnected' && <span className="connection-reason"> {connection.reason}</span>}
      {invalidCount > 0 && <span className="connection-invalid"> · {invalidCount} invalid message{invalidCount === 1 ? '' : 's'} dropped</span>}
    </div>
  );
}
