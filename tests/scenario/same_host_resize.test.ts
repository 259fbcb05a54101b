// Scenario 8: a resize that lands on the same host (allow_resize_to_same_host) skips the grant and the mount: no
// second access rule, the share stays mounted once, the guest keeps using it. The other compute services are
// disabled for the duration of the test so the scheduler has only the source host (serial: do not run in parallel).

import { moveWithShares, vfTest } from "../../lib/fixtures/index.js";

describe("Same-host resize of a server with a share", () => {
  vfTest(
    "56b1cb77-e63c-45fa-b97b-6477f6d14e69",
    "resize on the same host skips grant and mount",
    ["scenario", "admin", "serial"],
    async (t) => {
      t.require({ resize: true, coldMigrationWithShares: true, sameHostResize: true, microversion: "2.53" });
      const services = t.env.admin.services.withMicroversion("2.53");
      await moveWithShares(t, {
        move: "resize",
        end: "confirm",
        sameHost: true,
        beforeMove: async (src) => {
          const others = (await services.listServices({ binary: "nova-compute" })).filter(
            (s) => s.host !== src.host && s.status === "enabled",
          );
          for (const s of others) {
            await services.updateService(String(s.id), {
              status: "disabled",
              disabled_reason: "vftest same-host resize",
            });
            t.cleanup.defer(`re-enable nova-compute on ${s.host}`, () =>
              services.updateService(String(s.id), { status: "enabled" }),
            );
          }
        },
      });
    },
  );
});
