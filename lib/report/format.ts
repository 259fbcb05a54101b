// Small text helpers shared by the console, summary and HTML renderers.

export { formatElapsed } from "../clients/duration.js";

/** Seconds with three decimals, as stestr prints them: `1.234`. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .find((l) => l.trim() !== "")
      ?.trim() ?? ""
  );
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Escapes text for XML content/attributes and drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping XML-invalid control characters on purpose
  return escapeHtml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")).replace(/'/g, "&apos;");
}
