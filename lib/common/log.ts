// The logging hook the common layer accepts: one line per call, already free of secrets. Fixtures pass a function
// that writes to the test's log / report; tests pass `(l) => lines.push(l)`.

export type LogFn = (line: string) => void;

export const noLog: LogFn = () => undefined;

export { formatDuration } from "../clients/duration.js";
