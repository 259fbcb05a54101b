import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { SchemaValidationError } from "../../../lib/clients/errors.js";
import { createClients } from "../../../lib/clients/index.js";
import { microversionRange } from "../../../lib/clients/microversion.js";
import { AttachShareRequestBody } from "../../../lib/clients/schemas/compute-shares.js";
import {
  carryForward,
  rangeFor,
  SCHEMA_CHAIN,
  schemaFor,
  validateResponse,
} from "../../../lib/clients/schemas/index.js";
import { validateAgainst } from "../../../lib/clients/schemas/validator.js";
import { FakeCloud, novaHeaders, passwordAuth } from "./fake-cloud.js";
import { REQUEST_SAMPLES, RESPONSE_SAMPLES, SAMPLES, server2100 } from "./schema-samples.js";

const SHARE_APIS = [
  "compute.server_shares.list",
  "compute.server_shares.show",
  "compute.server_shares.attach",
  "compute.server_shares.detach",
];

describe("clients/schemas", () => {
  describe("golden samples", () => {
    it("covers every sample file", () => {
      const files = readdirSync(SAMPLES, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".json"));
      expect(files.sort()).to.deep.equal([...Object.keys(RESPONSE_SAMPLES), ...REQUEST_SAMPLES].sort());
    });
    for (const [file, [api, mv]] of Object.entries(RESPONSE_SAMPLES)) {
      it(`${file} validates as ${api} at ${mv} and at latest`, () => {
        const body: unknown = JSON.parse(readFileSync(join(SAMPLES, file), "utf8"));
        expect(validateResponse(api, mv, body), `${file} at ${mv}`).to.deep.equal([]);
        expect(validateResponse(api, "latest", body), `${file} at latest`).to.deep.equal([]);
      });
    }
    for (const file of REQUEST_SAMPLES) {
      it(`${file} validates as Nova's attach request`, () => {
        const body: unknown = JSON.parse(readFileSync(join(SAMPLES, file), "utf8"));
        expect(validateAgainst(AttachShareRequestBody, body)).to.deep.equal([]);
      });
    }
  });

  describe("microversion chain", () => {
    it("has share schemas for every microversion 2.97..2.105 and latest, and none below 2.97", () => {
      for (const api of SHARE_APIS) {
        for (const mv of [...microversionRange("2.97", "2.105"), "latest"]) {
          expect(schemaFor(api, mv), `${api} at ${mv}`).to.not.equal(undefined);
        }
        expect(schemaFor(api, "2.96"), `${api} does not exist at 2.96`).to.equal(undefined);
        expect(rangeFor(api, "2.105")?.schema).to.equal(rangeFor(api, "2.97")?.schema);
      }
    });

    it("carries every chain forward without gaps to latest", () => {
      for (const [api, ranges] of Object.entries(SCHEMA_CHAIN)) {
        expect(ranges.at(-1)?.max, `${api} ends at latest`).to.equal("latest");
        for (let i = 1; i < ranges.length; i++) {
          const [maj, min] = ranges[i].min.split(".").map(Number);
          expect(ranges[i - 1].max, `${api}: range ${i - 1} ends right before ${ranges[i].min}`).to.equal(
            `${maj}.${min - 1}`,
          );
        }
      }
    });

    it("picks server and migration schemas by microversion", () => {
      expect(rangeFor("compute.servers.show", "2.97")?.min).to.equal("2.96");
      expect(rangeFor("compute.servers.show", "2.99")?.min).to.equal("2.98");
      expect(rangeFor("compute.servers.show", "2.105")?.min).to.equal("2.100");
      expect(rangeFor("compute.migrations.list", "2.97")?.min).to.equal("2.80");
      expect(rangeFor("compute.migrations.list", "2.58")?.min).to.equal("2.23");
      expect(() =>
        carryForward([
          ["2.5", schemaFor("compute.servers.update")!],
          ["2.3", schemaFor("compute.servers.update")!],
        ]),
      ).to.throw(/out of order/);
    });

    it("validates a 2.100 server and rejects 2.100 fields at 2.97", () => {
      expect(validateResponse("compute.servers.show", "2.100", { server: server2100() })).to.deep.equal([]);
      const at297 = validateResponse("compute.servers.show", "2.97", { server: server2100() });
      expect(at297.join("\n")).to.contain('unexpected field "scheduler_hints"');
      expect(
        validateResponse("compute.servers.show", "2.100", {
          server: server2100({ scheduler_hints: undefined }),
        }).join(),
      ).to.contain('missing required field "scheduler_hints"');
    });

    it("share list items are only share_id/status/tag; attach accepts admin uuid/export_location", () => {
      const admin = JSON.parse(readFileSync(join(SAMPLES, "server-shares-admin-show-resp.json"), "utf8")) as {
        share: unknown;
      };
      expect(validateResponse("compute.server_shares.list", "2.97", { shares: [admin.share] }).join()).to.contain(
        'unexpected field "uuid"',
      );
      expect(validateResponse("compute.server_shares.attach", "2.104", admin)).to.deep.equal([]);
    });

    it("os-migrations fields follow the microversion", () => {
      const sample = JSON.parse(readFileSync(join(SAMPLES, "os-migrations/v2.80-migrations-get.json"), "utf8")) as {
        migrations: Record<string, unknown>[];
      };
      expect(validateResponse("compute.migrations.list", "2.79", sample).join()).to.contain(
        'unexpected field "user_id"',
      );
      const { uuid: _u, user_id: _a, project_id: _b, ...v223 } = sample.migrations[0];
      expect(validateResponse("compute.migrations.list", "2.23", { migrations: [v223] })).to.deep.equal([]);
      expect(validateResponse("compute.migrations.list", "2.59", { migrations: [v223] }).join()).to.contain(
        'missing required field "uuid"',
      );
    });
  });

  describe("through the client", () => {
    let cloud: FakeCloud;
    beforeEach(async () => {
      cloud = await new FakeCloud().start();
    });
    afterEach(() => cloud.stop());

    it("an extra field in a strict schema fails naming the field, method, URL and request id", async () => {
      const sid = "9128d044-7b61-403e-b766-7547076ff6c1";
      const shareId = "e8debdc0-447a-4376-a10a-4cd9122d7986";
      cloud.on("GET", `/compute/v2.1/servers/${sid}/shares/${shareId}`, () => ({
        status: 200,
        headers: novaHeaders("2.97", "req-extra"),
        body: { share: { share_id: shareId, status: "active", tag: "t", mount_path: "/x" } },
      }));
      const clients = createClients({ auth: passwordAuth(cloud) });
      const e = await clients.serverShares.showServerShare(sid, shareId).catch((err: unknown) => err);
      expect(e).to.be.instanceOf(SchemaValidationError);
      const msg = String(e);
      expect(msg).to.contain(`GET ${cloud.base}/compute/v2.1/servers/${sid}/shares/${shareId}`);
      expect(msg).to.contain('/share: unexpected field "mount_path"');
      expect(msg).to.contain("compute.server_shares.show@2.97+");
      expect(msg).to.contain("request-id req-extra");
      expect((e as SchemaValidationError).requestId, "request id reachable after a failure").to.equal("req-extra");
    });
  });
});
