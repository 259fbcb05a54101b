// The request log's file sink: one whole JSON line per entry, in order, appended to what is there, from several
// sinks sharing one file (as --parallel workers' logs may), with its directory created.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { jsonLinesFileLog, type RequestLogEntry } from "../../../lib/clients/request-log.js";

const entry = (n: number, body = ""): RequestLogEntry => ({
  ts: new Date(0).toISOString(),
  method: "GET",
  url: `http://127.0.0.1/x/${n}`,
  status: 200,
  duration_ms: n,
  response_body: body || undefined,
});

describe("clients/request log file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "vftest-reqlog-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("appends one whole line per entry, in order, after what the file held, directories created", () => {
    const path = join(dir, "a", "b", "requests.jsonl");
    jsonLinesFileLog(path)(entry(0));
    const second = jsonLinesFileLog(path);
    const big = "x".repeat(200_000);
    for (let n = 1; n <= 50; n++) second(entry(n, n === 25 ? big : ""));
    const lines = readFileSync(path, "utf8").split("\n");
    expect(lines.pop()).to.equal("");
    expect(lines.map((l) => (JSON.parse(l) as RequestLogEntry).duration_ms)).to.deep.equal(
      Array.from({ length: 51 }, (_, i) => i),
    );
    expect((JSON.parse(lines[25] as string) as RequestLogEntry).response_body).to.equal(big);
  });

  it("keeps lines whole when two sinks write to one file in turn", () => {
    const path = join(dir, "requests.jsonl");
    writeFileSync(path, "");
    const a = jsonLinesFileLog(path);
    const b = jsonLinesFileLog(path);
    for (let n = 0; n < 20; n++) (n % 2 ? b : a)(entry(n));
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as RequestLogEntry).duration_ms)).to.deep.equal(
      Array.from({ length: 20 }, (_, i) => i),
    );
  });
});
