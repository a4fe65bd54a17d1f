import type { ActionEntry } from '../state/types.ts';
import { Empty, Panel } from './Panel.tsx';

/** What Beckon did (or would do, in dry-run) on the desktop. */
export function ActionsPanel({ actions }: { actions: ActionEntry[] }) {
  return (
    <Panel title="Actions" className="panel-actions">
      {actions.length === 0 ? (
        <Empty>No actions yet.</Empty>
      ) : (
        <ol className="log" data-testid="actions">
          {[...actions].reverse().map((a) => (
            <li key={a.seq}>
              <span className={`status status-${a.status}`}>{a.status}</span> <code>{a.type}</code>
              {a.message && <div className="log-message">{a.message}</div>}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
