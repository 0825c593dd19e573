export type SpinnerProps = { label?: string };

/** A small rotating ring; decorative unless given a label. */
export function Spinner({ label }: SpinnerProps) {
  return label ? (
    <span className="spinner" role="img" aria-label={label} />
  ) : (
    <span className="spinner" aria-hidden="true" />
  );
}
