export type TruncateProps = { text: string; className?: string };

/** One line, cut with an ellipsis by CSS; the full text stays available on hover. */
export function Truncate({ text, className }: TruncateProps) {
  return (
    <span className={className ? `truncate ${className}` : 'truncate'} title={text}>
      {text}
    </span>
  );
}
