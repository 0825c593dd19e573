import { formatExact } from '../lib/time-format.js';

export type CacheNoticeProps = { what: string; asOf: string };

/** Offline, logs and audit show the copy cached when they were last read, and say from when. */
export function CacheNotice({ what, asOf }: CacheNoticeProps) {
  return (
    <p className="notice notice--info" role="status">
      Offline — showing {what} as of {formatExact(asOf)}
    </p>
  );
}
