import type { AuditEvent } from '../../../src-shared/api/directory.js';

export type AuditDiffProps = { event: AuditEvent };

function pretty(value: Record<string, unknown> | null): string {
  return value === null ? '—' : JSON.stringify(value, null, 2);
}

/** The keys whose values differ between before and after, so the eye knows where to look. */
export function changedKeys(event: AuditEvent): string[] {
  const keys = new Set([...Object.keys(event.before ?? {}), ...Object.keys(event.after ?? {})]);
  return [...keys].filter((k) => JSON.stringify(event.before?.[k]) !== JSON.stringify(event.after?.[k])).sort();
}

/** Before and after side by side, pretty JSON (the server never puts a secret in either). */
export function AuditDiff({ event }: AuditDiffProps) {
  const changed = changedKeys(event);
  return (
    <div className="audit-diff">
      {changed.length > 0 ? <p className="small muted">Changed: {changed.join(', ')}</p> : null}
      <div className="audit-diff__sides">
        <figure className="audit-diff__side">
          <figcaption className="field__label">Before</figcaption>
          <pre className="mono audit-diff__json">{pretty(event.before)}</pre>
        </figure>
        <figure className="audit-diff__side">
          <figcaption className="field__label">After</figcaption>
          <pre className="mono audit-diff__json">{pretty(event.after)}</pre>
        </figure>
      </div>
    </div>
  );
}
