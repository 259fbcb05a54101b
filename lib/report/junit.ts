// JUnit XML from results.json (one <testsuite>, classname = module + class, as subunit2junitxml does; each test's
// step log in <system-out>), and merging several JUnit documents (mocha's xunit or ours) into one <testsuites> for
// parallel runs. Built and parsed with fast-xml-parser: no XML by string concatenation or regex.

import { XMLBuilder, XMLParser } from "fast-xml-parser";
import { NO_REASON } from "../run/skips.js";
import { firstLine, seconds } from "./format.js";
import type { RunResults, TestResult } from "./results-model.js";

type XmlNode = Record<string, unknown>;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  format: true,
  indentBy: "  ",
  suppressEmptyNode: true,
  processEntities: true,
});

/** XML 1.0 forbids most control characters even when escaped. */
function xmlText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping XML-invalid control characters on purpose
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

function testcase(r: TestResult): XmlNode {
  const node: XmlNode = { "@_classname": r.classId, "@_name": r.id.slice(r.classId.length + 1) || r.title };
  node["@_time"] = seconds(r.durationMs);
  if (r.state === "skipped") node.skipped = { "@_message": xmlText(r.skipReason ?? NO_REASON) };
  if (r.state === "failed") {
    node.failure = {
      "@_message": xmlText(firstLine(r.error?.message ?? "failed")),
      "@_type": "Error",
      "#text": xmlText(r.error?.stack ?? r.error?.message ?? ""),
    };
  }
  if (r.log?.length) node["system-out"] = xmlText(r.log.join("\n"));
  return node;
}

function document(root: XmlNode): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(root)}`;
}

export function renderJunit(results: RunResults, suiteName = "vftest"): string {
  const t = results.totals;
  return document({
    testsuite: {
      "@_name": suiteName,
      "@_tests": t.total,
      "@_failures": t.failed,
      "@_errors": 0,
      "@_skipped": t.skipped,
      "@_time": seconds(results.durationMs),
      "@_timestamp": results.startedAt,
      testcase: results.tests.map(testcase),
    },
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  textNodeName: "#text",
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ["testsuite", "testcase", "failure", "error", "skipped"].includes(name),
});

function suitesOf(xml: string): XmlNode[] {
  const doc = parser.parse(xml) as XmlNode;
  const direct = (doc.testsuite as XmlNode[] | undefined) ?? [];
  const wrapped = ((doc.testsuites as XmlNode | undefined)?.testsuite as XmlNode[] | undefined) ?? [];
  return [...direct, ...wrapped];
}

const num = (suite: XmlNode, name: string) => Number(suite[`@_${name}`] ?? 0) || 0;

/** Wraps every <testsuite> of the given documents into one <testsuites> with summed counts. */
export function mergeJunit(documents: readonly string[], name = "vftest"): string {
  const suites = documents.flatMap(suitesOf);
  const sum = (a: string) => suites.reduce((n, s) => n + num(s, a), 0);
  return document({
    testsuites: {
      "@_name": name,
      "@_tests": sum("tests"),
      "@_failures": sum("failures"),
      "@_errors": sum("errors"),
      "@_skipped": sum("skipped"),
      "@_time": Math.max(0, ...suites.map((s) => num(s, "time"))).toFixed(3),
      testsuite: suites,
    },
  });
}
