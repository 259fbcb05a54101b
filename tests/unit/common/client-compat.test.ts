// Compile-time check that lib/clients' service clients satisfy the structural interfaces the common layer polls
// and drives (tsc fails here if either side drifts). Type-only imports: nothing of lib/clients runs.
import { expect } from "chai";
import type { MigrationsClient } from "../../../lib/clients/compute/migrations-client.js";
import type { ServerSharesClient } from "../../../lib/clients/compute/server-shares-client.js";
import type { ServersClient } from "../../../lib/clients/compute/servers-client.js";
import type { IdentityClient } from "../../../lib/clients/identity-client.js";
import type { ShareClient } from "../../../lib/clients/share-client.js";
import type { IdentityAdmin } from "../../../lib/common/dynamic-credentials.js";
import type { AccessRuleLister, ShareReader } from "../../../lib/common/share-waiters.js";
import type { MigrationLister, ServerReader, ServerShareReader } from "../../../lib/common/waiters.js";

type Assignable<From, To> = From extends To ? true : false;

describe("lib/clients plugs into lib/common", () => {
  it("service clients satisfy the waiter and identity interfaces", () => {
    const checks: true[] = [
      true satisfies Assignable<ServersClient, ServerReader>,
      true satisfies Assignable<ServerSharesClient, ServerShareReader>,
      true satisfies Assignable<MigrationsClient, MigrationLister>,
      true satisfies Assignable<ShareClient, ShareReader>,
      true satisfies Assignable<ShareClient, AccessRuleLister>,
      true satisfies Assignable<IdentityClient, IdentityAdmin>,
    ];
    expect(checks).to.have.length(6);
  });
});
