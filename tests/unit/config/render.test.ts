import { readFileSync } from "node:fs";
import { expect } from "chai";
import { parse } from "yaml";
import { defaultConfig, renderDefaultsYaml } from "../../../lib/config/index.js";
import { leafPaths, schemaAt } from "../../../lib/config/schema.js";

const FILE = new URL("../../../config/vftest.yaml", import.meta.url);

describe("config/vftest.yaml", () => {
  const text = readFileSync(FILE, "utf8");

  it("is exactly what renderDefaultsYaml() produces", () => {
    expect(
      text === renderDefaultsYaml(),
      "config/vftest.yaml is stale: regenerate it by writing renderDefaultsYaml() to it",
    ).to.equal(true);
  });

  it("parses to exactly the built-in defaults", () => {
    expect(parse(text)).to.deep.equal(JSON.parse(JSON.stringify(defaultConfig())));
  });

  it("documents every key: a description, and the key itself (commented out when unset)", () => {
    for (const path of leafPaths()) {
      const name = path[path.length - 1]!;
      expect(schemaAt(path)?.description, `${path.join(".")} has a description`)
        .to.be.a("string")
        .and.not.equal("");
      expect(text, `${path.join(".")} appears in config/vftest.yaml`).to.match(new RegExp(`^\\s*(# )?${name}:`, "m"));
    }
    expect(text).to.contain("# default: 300; tempest: [compute] build_timeout");
  });
});
