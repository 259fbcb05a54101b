// `vftest cleanup` run for real against a standalone embedded cloud holding what an interrupted run leaves: a
// server with a share attached (Nova holds a locked access rule), a share with a locked rule Nova leaked, a
// floating IP on the server, a keypair and a security group, all named vftest-..., next to look-alikes the user
// owns. --dry-run lists ours and changes nothing; cleanup deletes ours, in order, and leaves the user's alone.

import { expect } from "chai";
import { type Clients, createClients } from "../../lib/clients/index.js";
import { SimControlClient, type SimResources } from "../../lib/clients/sim-control-client.js";
import { generateKeyPair } from "../../lib/clients/ssh-keys.js";
import { waitForShareStatus } from "../../lib/common/share-waiters.js";
import { waitForServerStatus, waitForShareMappingStatus } from "../../lib/common/waiters.js";
import { type StandaloneSim, startSim } from "./cli-harness.js";

const WAIT = { intervalMs: 50, timeoutMs: 20_000 };

function clientsFor(sim: StandaloneSim, user: "demo" | "admin"): Clients {
  return createClients({
    auth: {
      authUrl: `${sim.url}/identity/v3`,
      username: user,
      password: user === "demo" ? "secretdemo" : "secretadmin",
      userDomainName: "Default",
      projectName: user,
      projectDomainName: "Default",
    },
  });
}

/** Neutron creates a project's "default" security group when the project first lists groups: not a change. */
const withoutDefaultGroups = (r: SimResources): SimResources => ({
  ...r,
  security_groups: (r.security_groups ?? []).filter((g) => g.name !== "default"),
});

const names = (r: SimResources, kind: string): string[] => (r[kind] ?? []).map((x) => x.name ?? "").sort();

describe("vftest cleanup against the embedded cloud", function () {
  this.timeout(120_000);
  let sim: StandaloneSim;
  let control: SimControlClient;
  let initial: SimResources;

  before(async () => {
    sim = await startSim();
    const member = clientsFor(sim, "demo");
    const admin = clientsFor(sim, "admin");
    control = new SimControlClient(`${sim.url}/sim/v1`, admin.auth);
    const net = (await member.network.listNetworks({ name: "vftest-net" }))[0]!;
    const ext = (await member.network.listNetworks({ name: "vftest-public" }))[0]!;
    const imageRef = /image_ref: (\S+)/.exec(sim.configText)![1]!;

    for (const name of ["vftest-h12-key-0a1b2c3d", "keep-h12-key"]) {
      await member.keypairs.createKeypair({ name, public_key: generateKeyPair(name).publicKey });
    }
    for (const name of ["vftest-h12-sg-0a1b2c3d", "keep-h12-sg"]) await member.network.createSecurityGroup({ name });
    const share = async (name: string) => {
      const s = await member.shares.createShare({ share_proto: "NFS", size: 1, name });
      await waitForShareStatus(member.shares, s.id, "available", WAIT);
      return s;
    };
    const attached = await share("vftest-h12-share-0a1b2c3d");
    const leaked = await share("vftest-h12-leaked-0a1b2c3d");
    await share("keep-h12-share");
    // What Nova leaves when it dies between granting access and attaching: a rule locked against deletion.
    await member.shares.createAccessRule(leaked.id, {
      access_type: "ip",
      access_to: "192.0.2.10",
      access_level: "rw",
      lock_deletion: true,
      lock_visibility: true,
      lock_reason: "simulated leak",
    });
    const server = await member.servers.createServer({
      name: "vftest-h12-server-0a1b2c3d",
      imageRef,
      flavorRef: "1",
      networks: [{ uuid: net.id }],
    });
    await waitForServerStatus(member.servers, server.id, "ACTIVE", WAIT);
    const { requestId } = await member.servers.stopServer(server.id);
    await waitForServerStatus(member.servers, server.id, "SHUTOFF", { ...WAIT, requestId });
    await member.serverShares.attachShare(server.id, { share_id: attached.id });
    await waitForShareMappingStatus(member.serverShares, server.id, attached.id, "inactive", WAIT);
    const port = (await member.network.listPorts({ device_id: server.id }))[0]!;
    await member.network.createFloatingIp({ floating_network_id: ext.id, port_id: port.id });
    // Dynamic credentials of a killed run: a project and a user named vftest-<run>-w<worker>.
    const project = await admin.identity.createProject({ name: "vftest-h12run-w0" });
    await admin.identity.createUser({
      name: "vftest-h12run-w0",
      password: "x-unused-x",
      default_project_id: project.id,
    });
    initial = await control.resources();
  });
  after(async () => sim?.stop());

  it("--dry-run lists every vftest- leftover and deletes nothing", async () => {
    const r = await sim.vftest(["cleanup", "--dry-run", ...sim.cloudArgs]);
    expect(r.code, r.out + r.err).to.equal(0);
    for (const line of [
      /would delete server vftest-h12-server-0a1b2c3d/,
      /would delete access rule ip:192\.0\.2\.10 .* on share/,
      /would delete share vftest-h12-share-0a1b2c3d/,
      /would delete share vftest-h12-leaked-0a1b2c3d/,
      /would delete keypair vftest-h12-key-0a1b2c3d/,
      /would delete security group vftest-h12-sg-0a1b2c3d/,
      /would delete floating IP /,
      /would delete user vftest-h12run-w0/,
      /would delete project vftest-h12run-w0/,
      /resource\(s\) would be deleted \(dry run; nothing was changed\)/,
    ]) {
      expect(r.out, `expected a line matching ${line}`).to.match(line);
    }
    expect(r.out).not.to.match(/keep-h12/);
    expect(withoutDefaultGroups(await control.resources()), "the dry run changed the cloud").to.deep.equal(
      withoutDefaultGroups(initial),
    );
  });

  it("deletes them all, servers first, and leaves resources not named vftest- alone", async () => {
    const r = await sim.vftest(["cleanup", ...sim.cloudArgs]);
    expect(r.code, r.out + r.err).to.equal(0);
    const order = ["server vftest-h12-server", "share vftest-h12-", "keypair vftest-h12", "security group vftest-h12"];
    const at = order.map((what) => r.out.indexOf(`deleted ${what}`));
    expect(
      at.every((i) => i >= 0),
      r.out,
    ).to.equal(true);
    expect(
      [...at].sort((a, b) => a - b),
      `deletion order in:\n${r.out}`,
    ).to.deep.equal(at);
    expect(r.out).to.match(/deleted access rule ip:192\.0\.2\.10/);
    expect(r.out).to.match(/deleted floating IP /);
    expect(r.out).to.match(/deleted user vftest-h12run-w0[\s\S]*deleted project vftest-h12run-w0/);

    const left = await control.resources();
    for (const kind of ["servers", "shares", "keypairs", "security_groups", "projects", "users"]) {
      expect(
        names(left, kind).filter((n) => n.startsWith("vftest-h12")),
        `${kind} named vftest- still there`,
      ).to.deep.equal([]);
    }
    expect(left.access_rules, "access rules left").to.deep.equal([]);
    expect(left.resource_locks, "resource locks left").to.deep.equal([]);
    expect(left.floating_ips, "floating IPs left").to.deep.equal([]);
    expect(names(left, "shares")).to.deep.equal(["keep-h12-share"]);
    expect(names(left, "keypairs")).to.deep.equal(["keep-h12-key"]);
    expect(names(left, "security_groups")).to.include("keep-h12-sg");
    expect(names(left, "images"), "the cloud's own vftest-guest image is not ours to delete").to.include(
      "vftest-guest",
    );

    const again = await sim.vftest(["cleanup", ...sim.cloudArgs]);
    expect(again.code).to.equal(0);
    expect(again.out).to.match(/nothing to clean up/);
  });
});
