// Secret masking for everything that leaves the client layer (request log lines, error bodies).

export const MASK = "***";
const SECRET_KEY = /password|secret|token|access_key|adminpass|private_key/i;

/** Deep copy of `value` with every property whose key looks secret replaced by "***". */
export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? MASK : maskSecrets(v);
    return out;
  }
  return value;
}

/** Masked body, cut to `maxChars` of JSON (then returned as a string ending in "...(truncated N chars)"). */
export function maskAndTruncate(body: unknown, maxChars = 8192): unknown {
  if (body === undefined || body === null || body === "") return undefined;
  const masked = maskSecrets(body);
  const text = typeof masked === "string" ? masked : JSON.stringify(masked);
  if (text.length <= maxChars) return masked;
  return `${text.slice(0, maxChars)}...(truncated ${text.length - maxChars} chars)`;
}
