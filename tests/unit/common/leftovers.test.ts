// The leftover finder of `vftest cleanup` (lib/common/leftovers*.ts) against the embedded cloud: what the member
// left behind (a server, a share with a deletion-locked access rule, a keypair, a security group) is found by name
// and deleted dependents first, the locked rule with unrestrict; what is not ours stays.

import { expect } from "chai";
import { type Clients, createClients } from "../../../lib/clients/index.js";
import { generateKeyPair } from "../../../lib/clients/ssh-keys.js";
import { countLeftovers, describeLeftovers, findLeftovers, isOurs } from "../../../lib/common/leftovers.js";
import { deleteLeftovers } from "../../../lib/common/leftovers-delete.js";
import { waitForAccessRuleState, waitForShareStatus } from "../../../lib/common/share-waiters.js";
import { waitForServerStatus, waitOptions } from "../../../lib/common/waiters.js";
import { clientsOptionsFor, keystoneAuthFor } from "../../../lib/config/client-options.js";
import type { VftestConfig } from "../../../lib/config/types.js";
import type { Target } from "../../../lib/target/open.js";
import { openEmbedded } from "../target/embedded-target.js";

// Built here (not with lib/target's lazy openClients) so the error classes the calls throw are the ones the
// finder's static imports compare against under mocha's require().
const clientsFor = (config: VftestConfig, role: "member" | "admin"): Clients =>
  createClients(clientsOptionsFor(config, keystoneAuthFor(config, config.auth[role])));

describe("lib/common leftovers against the embedded cloud", function () {
  this.timeout(90_000);
  let target: Target;
  let member: Clients;
  let admin: Clients;
  before(async () => {
    target = await openEmbedded();
    member = clientsFor(target.config, "member");
    admin = clientsFor(target.config, "admin");
  });
  after(async () => target?.cloud?.stop());

  it("names what is ours by prefix only", () => {
    expect([isOurs("vftest-a"), isOurs("vftest"), isOurs("my-vftest-a"), isOurs(undefined)]).to.deep.equal([
      true,
      false,
      false,
      false,
    ]);
  });

  it("finds the member's leftovers as admin and deletes them in order, leaving the rest", async () => {
    const c = target.config;
    const wait = waitOptions(c.compute);
    const net = (await member.network.listNetworks({ name: c.validation.network })).at(0);
    if (!net) throw new Error(`the embedded cloud has no network ${c.validation.network}`);
    const server = await member.servers.createServer({
      name: "vftest-leftover-server",
      imageRef: c.compute.image_ref,
      flavorRef: c.compute.flavor_ref,
      networks: [{ uuid: net.id }],
    });
    const share = await member.shares.createShare({ share_proto: "NFS", size: 1, name: "vftest-leftover-share" });
    await waitForShareStatus(member.shares, share.id, "available", wait);
    const rule = await member.shares.createAccessRule(share.id, {
      access_type: "ip",
      access_to: "192.0.2.10",
      lock_deletion: true,
    });
    await waitForAccessRuleState(member.shares, share.id, rule.id, "active", wait);
    const pub = generateKeyPair().publicKey;
    await member.keypairs.createKeypair({ name: "vftest-leftover-key", public_key: pub });
    await member.keypairs.createKeypair({ name: "keep-me", public_key: pub });
    await member.network.createSecurityGroup({ name: "vftest-leftover-sg" });
    await waitForServerStatus(member.servers, server.id, "ACTIVE", wait);

    const asMember = await findLeftovers(member, { asAdmin: false });
    expect(asMember.accessRules, "the member does not look at access rules").to.deep.equal([]);
    expect(asMember.keypairs.map((k) => k.name)).to.deep.equal(["vftest-leftover-key"]);

    const memberUserId = (await member.auth.tokenInfo()).userId;
    const found = await findLeftovers(admin, { asAdmin: true, memberUserId });
    expect(found.servers.map((s) => s.name)).to.deep.equal(["vftest-leftover-server"]);
    expect(found.shares.map((s) => s.name)).to.deep.equal(["vftest-leftover-share"]);
    expect(found.accessRules.map((r) => r.name)).to.deep.equal(["ip:192.0.2.10"]);
    expect(found.keypairs).to.deep.equal([
      { id: "vftest-leftover-key", name: "vftest-leftover-key", userId: memberUserId },
    ]);
    expect(found.securityGroups.map((g) => g.name)).to.deep.equal(["vftest-leftover-sg"]);
    expect(countLeftovers(found)).to.equal(5);
    expect(describeLeftovers(found)[0]).to.equal(`server vftest-leftover-server (${server.id})`);

    const said: string[] = [];
    const failed = await deleteLeftovers(admin, found, { asAdmin: true, wait }, (l) => said.push(l));
    expect(failed, said.join("\n")).to.equal(0);
    const order = ["server vftest-leftover-server", "access rule ip:192.0.2.10", "share vftest-leftover-share"];
    const at = order.map((what) => said.findIndex((l) => l.includes(what)));
    expect(at, said.join("\n")).to.deep.equal([...at].sort((a, b) => a - b));
    expect(
      at.every((i) => i >= 0),
      said.join("\n"),
    ).to.equal(true);

    expect(countLeftovers(await findLeftovers(admin, { asAdmin: true, memberUserId }))).to.equal(0);
    expect((await member.keypairs.listKeypairs()).map((k) => k.name)).to.deep.equal(["keep-me"]);
  });

  it("counts a resource already gone as deleted", async () => {
    const gone = { id: "00000000-0000-4000-8000-000000000000", name: "vftest-gone" };
    const said: string[] = [];
    const empty = { servers: [], accessRules: [], keypairs: [], users: [], projects: [], floatingIps: [] };
    const failed = await deleteLeftovers(
      admin,
      { ...empty, shares: [], securityGroups: [gone] },
      { asAdmin: true, wait: waitOptions(target.config.compute) },
      (l) => said.push(l),
    );
    expect(failed).to.equal(0);
    expect(said).to.deep.equal([`already gone: security group vftest-gone (${gone.id})`]);
  });
});
