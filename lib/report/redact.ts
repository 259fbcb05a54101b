// Defence in depth for reports: secrets must never reach a log or a report, even if an error message carries one.
// Masks token headers, password/secret fields (JSON, YAML or key=value) and Keystone tokens in URLs.

const PATTERNS: [RegExp, string][] = [
  [/(x-(?:auth|subject)-token["']?\s*[:=]\s*["']?)[^\s"',}]+/gi, "$1***"],
  [/("?(?:password|secret|application_credential_secret|token)"?\s*[:=]\s*)"[^"]*"/gi, '$1"***"'],
  [/(\b(?:password|secret|application_credential_secret)\s*[:=]\s*)(?!["*])[^\s,;}]+/gi, "$1***"],
  [/(\bBearer\s+)[A-Za-z0-9._~+/=-]+/g, "$1***"],
];

export function redactSecrets(text: string): string {
  return PATTERNS.reduce((acc, [re, repl]) => acc.replace(re, repl), text);
}
