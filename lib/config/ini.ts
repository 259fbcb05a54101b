// A small INI reader for tempest.conf (oslo.config format): [sections], `key = value`, `#`/`;` comment lines.
// Continuation lines are rare in tempest.conf and are not supported: a line that fits no rule is reported.

export interface IniFile {
  /** section -> key -> value, in file order; keys before any section go to "DEFAULT". */
  sections: Map<string, Map<string, string>>;
  /** Lines that could not be read, as "line N: why" (the line's text is not repeated: it may hold a password). */
  errors: string[];
}

export function parseIni(text: string): IniFile {
  const sections = new Map<string, Map<string, string>>();
  const errors: string[] = [];
  let current = "DEFAULT";
  const section = (name: string) => {
    let s = sections.get(name);
    if (!s) {
      s = new Map();
      sections.set(name, s);
    }
    return s;
  };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) return;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = header[1]!.trim();
      section(current);
      return;
    }
    const eq = line.search(/[=:]/);
    if (eq <= 0) {
      errors.push(`line ${i + 1}: expected "[section]" or "key = value"`);
      return;
    }
    if (/^\s/.test(raw)) {
      errors.push(`line ${i + 1}: indented continuation lines are not supported; put the value on one line`);
      return;
    }
    section(current).set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  });
  return { sections, errors };
}
