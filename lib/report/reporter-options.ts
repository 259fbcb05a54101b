// Typed access to mocha's untyped reporter options (`options.reporterOptions`, also passed by allure-mocha's
// extraReporters as `reporterOption`/`reporter-option`).
import type Mocha from "mocha";

export type ReporterOptions = Record<string, unknown>;

export function reporterOptionsOf(options: Mocha.MochaOptions | undefined): ReporterOptions {
  const o = (options ?? {}) as Record<string, unknown>;
  const raw = o.reporterOptions ?? o.reporterOption ?? o["reporter-option"];
  return typeof raw === "object" && raw !== null ? (raw as ReporterOptions) : {};
}

export function stringOption(opts: ReporterOptions, name: string, reporter: string): string;
export function stringOption(opts: ReporterOptions, name: string, reporter: string, fallback: string): string;
export function stringOption(opts: ReporterOptions, name: string, reporter: string, fallback: null): string | undefined;
export function stringOption(
  opts: ReporterOptions,
  name: string,
  reporter: string,
  fallback?: string | null,
): string | undefined {
  const v = opts[name];
  if (typeof v === "string" && v !== "") return v;
  if (v === undefined && fallback !== undefined) return fallback ?? undefined;
  throw new Error(
    `${reporter}: reporter option "${name}" must be a non-empty string, got ${JSON.stringify(v)}; ` +
      `pass it as reporterOptions: { ${name}: "..." }`,
  );
}

export function numberOption(opts: ReporterOptions, name: string, fallback: number): number {
  const v = opts[name];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return fallback;
}
