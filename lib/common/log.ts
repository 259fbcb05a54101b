// The logging hook the common layer accepts: one line per call, already free of secrets. Fixtures pass a function
// that writes to the test's log / report; tests pass `(l) => lines.push(l)`.

export type LogFn = (line: string) => void;

export const noLog: LogFn = () => undefined;

/** "40 ms" / "3.2 s" / "120 s": durations in messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s >= 100 || Number.isInteger(s) ? `${Math.round(s)} s` : `${s.toFixed(1)} s`;
}
