// The os-server-shares contract at 2.97+ (nova-facts §1): codes, messages, validation, field visibility.

import { randomUUID } from "node:crypto";
import { expect } from "chai";
import type { TestScope } from "../../lib/fixtures/index.js";
import { createServer, createShare, vfClass, vfTest, waits } from "../../lib/fixtures/index.js";
import { expectHttpError, stoppedServer } from "./helpers.js";

async function stoppedServerAndShare(t: TestScope) {
  const share = await createShare(t);
  const server = await stoppedServer(t);
  return { share, server };
}

vfClass("ServerSharesTest", "Server shares API", () => {
  vfTest(
    "141568d8-81bc-4ca8-92a1-383bae3a9fb9",
    "test_attach_active_server_conflict",
    "attach to an ACTIVE server is refused with 409",
    ["api"],
    async (t) => {
      t.require({});
      const share = await createShare(t);
      const server = await createServer(t);
      await expectHttpError(
        () => t.env.member.serverShares.attachShare(server.id, { share_id: share.id }),
        409,
        "while it is in vm_state active",
      );
    },
  );

  vfTest(
    "8a224398-5922-454d-8af8-6bcd80616e92",
    "test_invalid_tags_bad_request",
    "invalid tags are refused with 400",
    ["api"],
    async (t) => {
      t.require({});
      const { share, server } = await stoppedServerAndShare(t);
      for (const tag of ["bad_tag", "bad.tag", "x".repeat(256), ""]) {
        await expectHttpError(
          () => t.env.member.serverShares.attachShare(server.id, { share_id: share.id, tag }),
          400,
          "Invalid input for field/attribute tag.",
          `tag ${JSON.stringify(tag.length > 20 ? `${tag.slice(0, 8)}…(${tag.length} chars)` : tag)}`,
        );
      }
    },
  );

  vfTest(
    "485dc629-f5b5-44a1-857f-2686f7020496",
    "test_duplicate_share_or_tag_conflict",
    "duplicate share or tag is refused with 409",
    ["api"],
    async (t) => {
      t.require({});
      const { share, server } = await stoppedServerAndShare(t);
      const other = await createShare(t);
      const c = t.env.member.serverShares;
      await c.attachShare(server.id, { share_id: share.id, tag: "dup-tag" });
      await expectHttpError(
        () => c.attachShare(server.id, { share_id: share.id, tag: "another" }),
        409,
        "already associated to this server",
      );
      await expectHttpError(
        () => c.attachShare(server.id, { share_id: other.id, tag: "dup-tag" }),
        409,
        `Share '${other.id}' or tag 'dup-tag' already associated to this server.`,
      );
    },
  );

  vfTest(
    "b030f460-fb55-4c7e-93a4-0160d93899ce",
    "test_unknown_share_or_server_not_found",
    "unknown share or server is 404",
    ["api"],
    async (t) => {
      t.require({});
      const { share, server } = await stoppedServerAndShare(t);
      const missing = randomUUID();
      const c = t.env.member.serverShares;
      await expectHttpError(
        () => c.attachShare(server.id, { share_id: missing }),
        404,
        `Share ${missing} could not be found`,
      );
      // Nova answers "Instance X has no mapping to a cell." (no cell mapping) or "... could not be found."
      await expectHttpError(
        () => c.attachShare(randomUUID(), { share_id: share.id }),
        404,
        /could not be found|has no mapping to a cell/,
      );
      await expectHttpError(() => c.showServerShare(server.id, share.id), 404, `Share ${share.id} could not be found`);
      await expectHttpError(() => c.detachShare(server.id, share.id), 404, "could not be found");
    },
  );

  vfTest(
    "dfe4ec23-be05-4785-94ec-b4a76561d878",
    "test_unavailable_share_conflict",
    "a share that is not available is refused with 409",
    ["api", "admin"],
    async (t) => {
      t.require({});
      const { share, server } = await stoppedServerAndShare(t);
      await t.env.admin.shares.resetShareStatus(share.id, "error");
      t.cleanup.defer(`reset share ${share.id} to available`, () =>
        t.env.admin.shares.resetShareStatus(share.id, "available"),
      );
      await expectHttpError(
        () => t.env.member.serverShares.attachShare(server.id, { share_id: share.id }),
        409,
        `Share ${share.id} is in 'error' instead of 'available' status.`,
      );
    },
  );

  vfTest(
    "99faf58f-eae8-481b-ae15-42c805431cfe",
    "test_attach_default_tag_detach",
    "attach with the default tag, detach returns 200, then 404",
    ["api"],
    async (t) => {
      t.require({});
      const { share, server } = await stoppedServerAndShare(t);
      const c = t.env.member.serverShares;
      const created = await c.attachShare(server.id, { share_id: share.id });
      expect(created.status, "create response status").to.equal("attaching");
      expect(created.tag, "the default tag is the share id").to.equal(share.id);
      await waits(t).mappingStatus(server.id, share.id, "inactive");
      const listed = await c.listServerShares(server.id);
      expect(
        listed.map((m) => m.share_id),
        "list contains the attached share",
      ).to.deep.equal([share.id]);
      await c.detachShare(server.id, share.id);
      await waits(t).mappingGone(server.id, share.id);
      await expectHttpError(() => c.showServerShare(server.id, share.id), 404, "could not be found");
    },
  );

  vfTest(
    "c9f3ee7e-63b3-41bb-8ca9-39475f7abbc0",
    "test_member_and_admin_views",
    "member and admin see the fields Nova's views give them",
    ["api", "admin"],
    async (t) => {
      t.require({});
      const { share, server } = await stoppedServerAndShare(t);
      await t.env.member.serverShares.attachShare(server.id, { share_id: share.id, tag: "visible" });
      const memberShow = await t.env.member.serverShares.showServerShare(server.id, share.id);
      expect(Object.keys(memberShow).sort(), "member show: share_id, status, tag only").to.deep.equal([
        "share_id",
        "status",
        "tag",
      ]);
      const adminShow = await t.env.admin.serverShares.showServerShare(server.id, share.id);
      expect(adminShow.export_location, "admin show carries export_location").to.equal(share.exportLocation);
      expect(adminShow.uuid, "admin show carries the share-mapping uuid").to.match(/^[0-9a-f-]{36}$/);
      for (const who of ["member", "admin"] as const) {
        const list = await t.env[who].serverShares.listServerShares(server.id);
        expect(Object.keys(list[0] ?? {}).sort(), `${who} list items: share_id, status, tag only`).to.deep.equal([
          "share_id",
          "status",
          "tag",
        ]);
      }
    },
  );

  vfTest(
    "e5fa8998-0573-47e5-bd94-f88db909666b",
    "test_route_absent_below_2_97",
    "the shares route does not exist below 2.97",
    ["api"],
    async (t) => {
      t.require({});
      const server = await createServer(t);
      await expectHttpError(
        () => t.env.member.serverShares.withMicroversion("2.96").listServerShares(server.id),
        404,
        "The resource could not be found.",
      );
    },
  );
});
