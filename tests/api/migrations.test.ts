// The records a move leaves behind: the os-migrations entry (fields per microversion, status through confirm) and
// the instance actions with their compute events.

import { randomUUID } from "node:crypto";
import { expect } from "chai";
import { expectActionEvents, expectNoShareActionsDuringMove, MOVE_EVENTS } from "../../lib/expect/actions.js";
import { coldMigrate, confirm, createServerWithShares, placement, vfClass, vfTest } from "../../lib/fixtures/index.js";

vfClass("MigrationRecordsWithShare", "Migration records and instance actions of a server with a share", () => {
  vfTest(
    "fd607065-b957-415a-a5a7-bec014b07f83",
    "test_migrations_and_actions_after_confirm",
    "os-migrations and instance actions after migrate and confirm",
    ["api", "admin"],
    async (t) => {
      t.require({ coldMigration: true, coldMigrationWithShares: true, computeHosts: 2, microversion: "2.80" });
      const { server } = await createServerWithShares(t, { shares: 1 });
      const src = await placement(t, server);
      const moved = await coldMigrate(t, server);
      const confirmed = await confirm(t, server);

      const admin = t.env.admin.migrations.withMicroversion("2.80");
      // The filter itself, whatever else is on the cloud: a uuid no server has must list nothing (a cloud that drops
      // the filter lists this test's own migration at least), and this server's uuid only its own records.
      const nobody = randomUUID();
      const [migrations, forNobody] = await Promise.all([
        admin.listMigrations({ instance_uuid: server.id }),
        admin.listMigrations({ instance_uuid: nobody }),
      ]);
      expect(
        forNobody.map((x) => x.instance_uuid),
        `os-migrations?instance_uuid=${nobody} (a uuid no server has) listed other servers' migrations`,
      ).to.deep.equal([]);
      const others = migrations.filter((x) => x.instance_uuid !== server.id).map((x) => x.instance_uuid);
      expect(others, `os-migrations?instance_uuid=${server.id} listed other servers' migrations`).to.deep.equal([]);
      expect(migrations.length, `os-migrations for server ${server.id}`).to.equal(1);
      const m = migrations[0]!;
      expect(m.status, `migration ${m.uuid}: status after confirm`).to.equal("confirmed");
      expect(m.migration_type, `migration ${m.uuid}: type`).to.equal("migration");
      expect(m.source_compute, `migration ${m.uuid}: source_compute`).to.equal(src.host);
      expect(m.dest_compute, `migration ${m.uuid}: dest_compute`).to.equal(moved.dest.host);
      expect(m.uuid, "migration uuid (2.59+)").to.match(/^[0-9a-f-]{36}$/);
      // 2.80: the user and project that initiated the migration (the admin who migrated), not the server's owner.
      const requester = await t.env.admin.auth.tokenInfo();
      expect(m.user_id, "migration user_id (2.80+), the user who migrated").to.equal(requester.userId);
      expect(m.project_id, "migration project_id (2.80+), the project that migrated").to.equal(requester.projectId);
      t.checked("api", `os-migrations record ${m.uuid} confirmed`, { server: server.id });

      const actions = await t.env.admin.instanceActions.listInstanceActions(server.id);
      const names = actions.map((a) => a.action);
      for (const want of ["create", "stop", "attach_share", "start", "migrate", "confirmResize"]) {
        expect(names, `instance actions of server ${server.id}`).to.include(want);
      }
      // The move and its confirm by the request ids of their calls; attach_share from the listing above.
      await expectActionEvents(t, server, "migrate", MOVE_EVENTS.migrate!, {
        requestId: moved.requestId,
        listed: actions,
      });
      await expectActionEvents(t, server, "confirmResize", MOVE_EVENTS.confirmResize!, {
        requestId: confirmed.requestId,
        listed: actions,
      });
      await expectActionEvents(t, server, "attach_share", ["compute_allow_share"], { listed: actions });
      await expectNoShareActionsDuringMove(t, server, moved.requestId, actions);
    },
  );
});
