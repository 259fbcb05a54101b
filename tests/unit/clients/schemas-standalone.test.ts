// The validators generated at build time (lib/clients/schemas/standalone.ts, as scripts/build.mjs writes them) give
// the same verdict and the same errors as Ajv compiling the schema at run time, for every schema a run uses; a
// schema without a generated validator, or changed since it was generated, is compiled instead.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TSchema } from "@sinclair/typebox";
import { expect } from "chai";
import { schemaKey } from "../../../lib/clients/schemas/ajv-setup.js";
import { rangeFor, SCHEMA_CHAIN } from "../../../lib/clients/schemas/index.js";
import { runSchemas, standaloneModules, writeStandaloneValidators } from "../../../lib/clients/schemas/standalone.js";
import { Validators, validateAgainst } from "../../../lib/clients/schemas/validator.js";
import { RESPONSE_SAMPLES, SAMPLES, server2100 } from "./schema-samples.js";
import { brokenVariants, sampleOf } from "./schema-variants.js";

type Json = Parameters<typeof brokenVariants>[1];

/** The golden bodies of each schema (by key): the api-samples, a 2.100 server and server list. */
function goldenBodies(): Map<string, Json[]> {
  const out = new Map<string, Json[]>();
  const add = (api: string, mv: string, body: Json) => {
    const schema = rangeFor(api, mv)?.schema;
    if (!schema) throw new Error(`no schema for ${api}@${mv}`);
    const key = schemaKey(schema);
    out.set(key, [...(out.get(key) ?? []), body]);
  };
  for (const [file, [api, mv]] of Object.entries(RESPONSE_SAMPLES)) {
    const body = JSON.parse(fs.readFileSync(path.join(SAMPLES, file), "utf8")) as Json;
    add(api, mv, body);
    add(api, "latest", body);
  }
  const server = server2100() as Json;
  add("compute.servers.show", "2.100", { server });
  // A listed server has no server_groups (Nova shows them on GET /servers/{id} only).
  const { server_groups: _, ...listed } = server2100();
  add("compute.servers.list_detail", "2.100", { servers: [listed as Json] });
  return out;
}

/** [label, body] cases for a schema: each golden body and the built sample, then their broken variants. */
function cases(schema: TSchema, golden: Json[]): [string, Json][] {
  const bases: [string, Json][] = [
    ...golden.map((g, i): [string, Json] => [`golden ${i}`, g]),
    ["sample", sampleOf(schema)],
  ];
  return bases.flatMap(([label, body]) => [
    [label, body] as [string, Json],
    ...brokenVariants(schema, body).map(([l, b]): [string, Json] => [`${label}: ${l}`, b]),
  ]);
}

describe("clients/schemas standalone validators", function () {
  this.timeout(30_000);
  let dir: string;
  let generated: Validators;
  const compiled = new Validators(); // no directory: always compiles, as every run did before
  let schemas: Map<string, TSchema>;

  before(() => {
    // Inside the checkout (.vftest/ is git-ignored), as dist/ is: the generated files require() ajv's runtime.
    const scratch = fileURLToPath(new URL("../../../.vftest", import.meta.url));
    fs.mkdirSync(scratch, { recursive: true });
    dir = fs.mkdtempSync(path.join(scratch, "unit-validators-"));
    schemas = runSchemas();
    writeStandaloneValidators(path.join(dir, "validators"), schemas);
    generated = new Validators(path.join(dir, "validators"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes one validator per distinct schema of SCHEMA_CHAIN, the same bytes every time", () => {
    const chainKeys = new Set(Object.values(SCHEMA_CHAIN).flatMap((rs) => rs.map((r) => schemaKey(r.schema))));
    for (const key of chainKeys) expect(schemas.has(key), key).to.equal(true);
    const files = fs.readdirSync(path.join(dir, "validators")).sort();
    expect(files).to.deep.equal([...schemas.keys()].map((k) => `${k}.cjs`).sort());
    const again = standaloneModules(runSchemas());
    for (const f of files) {
      expect(again.get(f.replace(/\.cjs$/, "")), f).to.equal(fs.readFileSync(path.join(dir, "validators", f), "utf8"));
    }
  });

  it("gives the runtime compile's verdict and errors for every schema, on golden, sample and broken bodies", () => {
    const golden = goldenBodies();
    let checked = 0;
    let rejected = 0;
    for (const [key, schema] of schemas) {
      const all = cases(schema, golden.get(key) ?? []);
      for (const [label, body] of all) {
        const g = generated.get(schema);
        const c = compiled.get(schema);
        const gOk = g(body);
        const cOk = c(body);
        expect(gOk, `${key.slice(0, 12)} ${label}: verdict`).to.equal(cOk);
        expect(JSON.stringify(g.errors ?? null), `${key.slice(0, 12)} ${label}: errors`).to.equal(
          JSON.stringify(c.errors ?? null),
        );
        expect(validateAgainst(schema, body, generated)).to.deep.equal(validateAgainst(schema, body, compiled));
        checked++;
        if (!cOk) rejected++;
      }
      // Every built sample and golden body conforms; every broken variant is rejected (the cases can fail).
      for (const [label, body] of all) {
        const broken = label.includes(": ");
        expect(validateAgainst(schema, body, compiled).length > 0, `${key.slice(0, 12)} ${label} rejected`).to.equal(
          broken,
        );
      }
    }
    expect(generated.counts, "all from the generated files").to.deep.equal({ generated: schemas.size, compiled: 0 });
    expect(checked).to.be.greaterThan(1000);
    expect(rejected).to.be.greaterThan(checked / 2);
  });

  it("describes missing, unexpected and enum problems alike", () => {
    const schema = rangeFor("compute.servers.show", "2.97")?.schema as TSchema;
    const body = { server: server2100({ status: "SLEEPING", created: "yesterday", locked: undefined }) };
    const problems = validateAgainst(schema, body, generated);
    expect(problems).to.deep.equal(validateAgainst(schema, body, compiled));
    expect(problems.join("\n")).to.contain('/server: unexpected field "scheduler_hints"');
    expect(problems.join("\n")).to.contain('/server: missing required field "locked"');
    expect(problems.join("\n")).to.contain('/server/created: must match format "date-time"');
    expect(problems.join("\n")).to.contain("/server/status: must be equal to constant");
  });

  it("compiles a schema it has no generated validator for", () => {
    const none = new Validators(path.join(dir, "absent"));
    const schema = rangeFor("compute.server_shares.list", "2.97")?.schema as TSchema;
    expect(validateAgainst(schema, { shares: [], extra: 1 }, none)).to.deep.equal(['(body): unexpected field "extra"']);
    expect(none.counts).to.deep.equal({ generated: 0, compiled: 1 });
  });

  it("never checks a schema changed since the build with the old validator", () => {
    const schema = rangeFor("compute.server_shares.list", "2.97")?.schema as TSchema;
    const same = structuredClone(schema);
    const changed = structuredClone(schema);
    changed.properties.shares.items.required.push("uuid");
    expect(schemaKey(same)).to.equal(schemaKey(schema));
    expect(schemaKey(changed)).to.not.equal(schemaKey(schema));
    const v = new Validators(path.join(dir, "validators"));
    const body = { shares: [{ share_id: "9128d044-7b61-403e-b766-7547076ff6c1", status: "active", tag: "t" }] };
    expect(validateAgainst(same, body, v)).to.deep.equal([]);
    expect(v.counts).to.deep.equal({ generated: 1, compiled: 0 });
    expect(validateAgainst(changed, body, v)).to.deep.equal(['/shares/0: missing required field "uuid"']);
    expect(v.counts).to.deep.equal({ generated: 1, compiled: 1 });
  });
});
