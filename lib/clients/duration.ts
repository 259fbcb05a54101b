// Durations as vftest prints them, in one place: `formatDuration` for messages ("40 ms", "3.2 s", "120 s") and
// `formatElapsed` for run and test times ("45s", "3m02s", "1h04m05s"). Every layer may import this module.

/** "40 ms" / "3.2 s" / "120 s": durations in messages. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return s >= 100 || Number.isInteger(s) ? `${Math.round(s)} s` : `${s.toFixed(1)} s`;
}

/** `3m02s`, `45s`, `1h04m05s`. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h${pad(m)}m${pad(s)}s`;
  if (m > 0) return `${m}m${pad(s)}s`;
  return `${s}s`;
}
