// Keeps scripts/debian-packages.txt complete and true: `.ci/run` installs exactly that list, so a Debian tool a test
// or script calls but the list forgets makes CI green on a machine where someone installed it by hand and red on the
// next one (python3-junitxml was such a tool: Debian's subunit does not depend on it).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { skipWithReason } from "../../../lib/run/skips.js";
import { inCi } from "../../helpers/debian-tools.js";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const LIST = path.join(ROOT, "scripts/debian-packages.txt");
const PY = "/usr/bin/python3";

interface Row {
  pkg: string;
  provides: string[];
  usedBy: string[];
}

function rows(): Row[] {
  return fs
    .readFileSync(LIST, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"))
    .map((l) => {
      const [pkg = "", provides = "", usedBy = ""] = l.split("|").map((c) => c.trim());
      return { pkg, provides: provides.split(/\s+/).filter(Boolean), usedBy: usedBy.split(/[\s,]+/).filter(Boolean) };
    });
}

/** Text files of the tests and scripts that may call Debian tools. */
function callSites(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "results") walk(p);
      } else if (/\.(ts|sh|py|js)$|^run$/.test(e.name)) out.push(p);
    }
  };
  for (const d of ["tests", "scripts", "bench", ".ci"]) if (fs.existsSync(path.join(ROOT, d))) walk(path.join(ROOT, d));
  return out.filter((p) => p !== import.meta.filename);
}

/** Programs every Debian machine has (Essential/required packages, the interpreters we run under). */
const BASE = new Set(["python3", "env", "bash", "sh", "true", "false", "flock", "timeout", "dpkg", "dpkg-query"]);

/** dpkg-query's own format syntax, not a template placeholder. */
const STATUS_FORMAT = "-f=$" + "{Status}";
const installed = (pkg: string) =>
  spawnSync("dpkg-query", ["-W", STATUS_FORMAT, pkg], { encoding: "utf8" }).stdout.includes("install ok installed");

describe("scripts/debian-packages.txt", () => {
  const list = rows();
  const provided = new Map(list.flatMap((r) => r.provides.map((t) => [t, r.pkg] as const)));

  it("every row names a package, what it provides and a call site that really uses it", () => {
    expect(list.length, "rows").to.be.greaterThan(0);
    for (const r of list) {
      expect(r.pkg, `row ${JSON.stringify(r)}`).to.match(/^[a-z0-9][a-z0-9+.-]+$/);
      expect(r.provides, `${r.pkg}: what it provides`).to.not.be.empty;
      expect(r.usedBy, `${r.pkg}: who calls it`).to.not.be.empty;
      for (const file of r.usedBy) {
        const p = path.join(ROOT, file);
        expect(fs.existsSync(p), `${r.pkg} is said to be used by ${file}, which does not exist`).to.equal(true);
        const text = fs.readFileSync(p, "utf8");
        const mentioned = r.provides.some((t) => text.includes(t.replace(/^py:/, "")));
        expect(mentioned, `${file} mentions none of ${r.provides.join(", ")} (${r.pkg})`).to.equal(true);
      }
    }
  });

  it("every /usr/bin tool and required package named by a test or script is on the list", () => {
    const problems: string[] = [];
    for (const file of callSites()) {
      const text = fs.readFileSync(file, "utf8");
      const rel = path.relative(ROOT, file);
      for (const m of text.matchAll(/\/usr\/(?:s?bin|lib\/qemu)\/([A-Za-z0-9_+-]+(?:\.[A-Za-z0-9_+-]+)*)/g)) {
        const tool = m[1]!;
        if (!BASE.has(tool) && !provided.has(tool)) problems.push(`${rel} calls /usr/…/${tool}: no row provides it`);
      }
      // requireDebianTools({ tool, pkg }) literals: the package must be on the list and provide that tool.
      for (const m of text.matchAll(/tool: "([^"]+)", pkg: "([^"]+)"/g)) {
        const tool = m[1]!.startsWith("py:") ? m[1]! : path.basename(m[1]!);
        if (provided.get(tool) !== m[2]) problems.push(`${rel} needs ${tool} from ${m[2]}: not so on the list`);
      }
    }
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });

  it("every non-standard module a Python script of ours imports is on the list", () => {
    const stdlib = spawnSync(PY, ["-c", "import sys; print('\\n'.join(sys.stdlib_module_names))"], {
      encoding: "utf8",
    }).stdout.split("\n");
    const problems: string[] = [];
    for (const file of callSites().filter((f) => f.endsWith(".py"))) {
      for (const mod of pythonImports(fs.readFileSync(file, "utf8"))) {
        if (!stdlib.includes(mod) && !provided.has(`py:${mod}`)) {
          problems.push(`${path.relative(ROOT, file)} imports ${mod}: no row provides py:${mod}`);
        }
      }
    }
    expect(problems, problems.join("\n")).to.deep.equal([]);
  });

  it("each installed package provides what the list says, and its Python tools' imports resolve", function () {
    const absent = list.filter((r) => !installed(r.pkg)).map((r) => r.pkg);
    if (absent.length > 0 && inCi()) {
      throw new Error(`CI=true but not installed: ${absent.join(" ")} (.ci/run installs scripts/debian-packages.txt)`);
    }
    const problems: string[] = [];
    const unresolved: string[] = [];
    for (const r of list.filter((x) => installed(x.pkg))) {
      const files = spawnSync("dpkg", ["-L", r.pkg], { encoding: "utf8" }).stdout.split("\n");
      for (const t of r.provides) {
        if (t.startsWith("py:")) {
          const mod = t.slice(3);
          const ok = files.some((f) => new RegExp(`/dist-packages/${mod}(/__init__\\.py|\\.py)$`).test(f));
          if (!ok) problems.push(`${r.pkg} does not install Python module ${mod}`);
        } else {
          const bin = files.find((f) => new RegExp(`/s?bin/${t.replace(/[.+]/g, "\\$&")}$|/lib/qemu/${t}$`).test(f));
          if (!bin) {
            problems.push(`${r.pkg} does not install a command ${t}`);
            continue;
          }
          // A Python command must find every module it imports (Debian may not depend on all of them).
          const text = fs.readFileSync(bin, "utf8");
          if (!text.startsWith("#!") || !text.split("\n")[0]!.includes("python")) continue;
          for (const mod of pythonImports(text)) {
            const imp = spawnSync(PY, ["-c", `import ${mod}`], { encoding: "utf8" });
            if (imp.status === 0) continue;
            const from = provided.get(`py:${mod}`);
            if (!from) problems.push(`${bin} (${r.pkg}) imports ${mod}, which no row of the list provides`);
            else unresolved.push(`${bin} imports ${mod}: apt-get install -y --no-install-recommends ${from}`);
          }
        }
      }
    }
    expect(problems, problems.join("\n")).to.deep.equal([]);
    if (unresolved.length > 0) {
      if (inCi()) throw new Error(`CI=true and listed packages are not installed: ${unresolved.join("; ")}`);
      skipWithReason(this, unresolved.join("; "));
    }
    if (absent.length > 0) {
      skipWithReason(this, `checked the installed packages only; not installed: ${absent.join(" ")} (run .ci/run)`);
    }
  });
});

/** Top-level module names a Python source imports (`import a.b`, `from a import b`), relative imports excluded. */
function pythonImports(text: string): string[] {
  const mods = new Set<string>();
  for (const m of text.matchAll(/^\s*(?:from\s+([A-Za-z_][\w.]*)\s+import|import\s+([A-Za-z_][\w.]*))/gm)) {
    mods.add((m[1] ?? m[2])!.split(".")[0]!);
  }
  return [...mods];
}
