import fs from "node:fs";
import path from "node:path";
import { expect } from "chai";
import { generateAllureReport } from "../../../lib/report/allure-html.js";
import { runFixture } from "./run-fixture.js";

describe("Allure HTML report (allure 3, no Java, offline)", function () {
  this.timeout(180_000);

  it("builds index.html from allure-results, without the analytics tag, with skip reasons as messages", async () => {
    const run = await runFixture();
    const index = await generateAllureReport({ runDir: run.dir, outputDir: path.join(run.dir, "allure-report") });
    expect(index).to.equal(path.join(run.dir, "allure-report", "index.html"));
    expect(fs.readFileSync(index, "utf8")).not.to.include("googletagmanager");
    const messages = fs
      .readdirSync(run.allureResults)
      .filter((f) => f.endsWith("-result.json"))
      .map((f) => JSON.parse(fs.readFileSync(path.join(run.allureResults, f), "utf8")))
      .filter((r) => r.status === "skipped")
      .map((r) => r.statusDetails.message)
      .sort();
    expect(messages).to.deep.equal([
      "compute_feature_enabled.resize is false",
      "needs 2 compute hosts, found 1",
      "skipped without a reason",
    ]);
  });

  it("also takes (allureResultsDir, outputDir) positionally, as bin/cli/report.ts calls it", async () => {
    const run = await runFixture();
    const out = path.join(run.dir, "positional-report");
    expect(await generateAllureReport(run.allureResults, out)).to.equal(path.join(out, "index.html"));
  });

  it("says where it looked when there are no allure-results", async () => {
    const run = await runFixture();
    let error: unknown;
    try {
      await generateAllureReport({ runDir: path.join(run.dir, "nowhere") });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.match(/no Allure results at .*nowhere\/allure-results/);
  });
});
