import { useId, type ReactNode } from 'react';

/** A labelled region with its own heading: screen-reader users can jump between panels. */
export function Panel({ title, className, children, actions }: { title: string; className?: string; children: ReactNode; actions?: ReactNode }) {
  const id = useId();
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={id}>
      <header className="panel-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export const percent = (x: number) => `${Math.round(x * 100)}%`;
