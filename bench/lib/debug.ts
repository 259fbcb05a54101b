// Settings that help find where a figure's time goes, shared by the figures (set once by main.ts from its flags):
// keep each benchmark cloud's directory (its config, vftest's results with the step log and request log), and have
// vftest and the cloud write V8 CPU profiles (open them in Chrome DevTools' Performance panel, or read the samples:
// both processes' timestamps are on the same monotonic clock, so their busy and idle stretches line up).

export const benchDebug: { keep: boolean; cpuProfDir?: string } = { keep: false };

/** Node flags that make a process write a CPU profile into `benchDebug.cpuProfDir` when it exits (none without). */
export function cpuProfFlags(): string[] {
  const dir = benchDebug.cpuProfDir;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200"] : [];
}
