// lib/target: which input names a real cloud, the embedded cloud opened as a target (config pointing at it, the
// simulator-only switches applied), the checks on parallel accounts and step timing, and the leak diff.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import type { SimResources } from "../../../lib/clients/sim-control-client.js";
import { parseShareProtocol, simTiming, withStepTimeout } from "../../../lib/target/embedded.js";
import { diffResources } from "../../../lib/target/leaks.js";
import { checkWorkerCredentials, describeTarget, openTarget, realCloudSource } from "../../../lib/target/open.js";
import { openEmbedded, start } from "./embedded-target.js";

describe("lib/target", () => {
  it("names the input that points at a real cloud, flags before variables", () => {
    expect(realCloudSource({}, {})).to.equal(undefined);
    expect(realCloudSource({ config: "x.yaml", osCloud: "a" }, { OS_CLOUD: "b" })).to.equal("--config");
    expect(realCloudSource({ osCloud: "a" }, { VFTEST_CONFIG: "x" })).to.equal("--os-cloud");
    expect(realCloudSource({}, { OS_CLOUD: "b", OS_AUTH_URL: "http://127.0.0.1:5000" })).to.equal("OS_CLOUD");
    expect(realCloudSource({}, { OS_AUTH_URL: "http://127.0.0.1:5000" })).to.equal("OS_AUTH_URL");
  });

  it("reads VFTEST_SIM_STEP_MS as the step latency and shortens waits only for fast steps", () => {
    expect(simTiming({})).to.equal(undefined);
    expect(simTiming({ VFTEST_SIM_STEP_MS: "3" })).to.deep.equal({ baseMs: 3 });
    expect(() => simTiming({ VFTEST_SIM_STEP_MS: "fast" })).to.throw(/VFTEST_SIM_STEP_MS=fast: expected a number/);
    const o = { compute: { build_timeout: 20 } };
    expect(withStepTimeout({ VFTEST_SIM_STEP_MS: "5" }, o).compute?.build_timeout).to.equal(8);
    expect(withStepTimeout({ VFTEST_SIM_STEP_MS: "20" }, o)).to.equal(o);
    expect(withStepTimeout({}, o)).to.equal(o);
    expect(withStepTimeout({ VFTEST_SIM_STEP_MS: "5" }, o).compute?.cleanup_timeout).to.equal(12);
    const env = { VFTEST_SIM_STEP_MS: "5", VFTEST_SIM_CLEANUP_TIMEOUT: "9" };
    expect(withStepTimeout(env, o).compute?.cleanup_timeout).to.equal(9);
    expect(() => withStepTimeout({ ...env, VFTEST_SIM_CLEANUP_TIMEOUT: "soon" }, o)).to.throw(
      /VFTEST_SIM_CLEANUP_TIMEOUT=soon: expected a number of seconds/,
    );
  });

  it("reads --share-protocol in any case and refuses anything but nfs and cephfs", () => {
    expect(parseShareProtocol("cephfs")).to.equal("CEPHFS");
    expect(parseShareProtocol("NFS")).to.equal("NFS");
    expect(() => parseShareProtocol("cifs")).to.throw("--share-protocol cifs: expected nfs or cephfs");
  });

  it("reports only resources new since the baseline, not Neutron's default security group", () => {
    const before: SimResources = { servers: [{ id: "s1", name: "old" }] };
    const after: SimResources = {
      servers: [
        { id: "s1", name: "old" },
        { id: "s2", name: "vftest-x", project_id: "p" },
      ],
      security_groups: [{ id: "g1", name: "default" }],
    };
    expect(diffResources(before, after)).to.deep.equal([
      { kind: "servers", id: "s2", name: "vftest-x", project_id: "p" },
    ]);
  });

  it("loads a real cloud's config file as is, starting nothing", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-target-"));
    const file = path.join(dir, "vftest.yaml");
    fs.writeFileSync(
      file,
      [
        "auth:",
        "  auth_url: http://127.0.0.1:5999/identity/v3",
        "  member: {username: u, password: p, project_name: x}",
        "  admin: {username: a, password: p, project_name: admin}",
        "compute: {image_ref: img, flavor_ref: f1, flavor_ref_alt: f2}",
        "",
      ].join("\n"),
    );
    const embedded = {
      release: "2026.2" as const,
      hosts: 2,
      faults: [],
      guest: "emulated" as const,
      workers: 1,
      allowResizeToSameHost: false,
      withoutWhitebox: false,
      log: () => {},
      start: () => Promise.reject(new Error("must not start the embedded cloud")),
    };
    const t = await openTarget({ real: "--config", cloud: { config: file }, env: { HOME: dir }, cwd: dir, embedded });
    expect(t.kind).to.equal("cloud");
    expect(t.cloud).to.equal(undefined);
    expect(t.config.compute.image_ref).to.equal("img");
    expect(describeTarget(t, { release: "2026.2", hosts: 2, faults: [], guest: "emulated" })).to.equal(
      "the cloud at http://127.0.0.1:5999/identity/v3",
    );
    expect(() => checkWorkerCredentials(t.config, 2)).to.throw(/--parallel 2 needs one account per worker/);
  });

  describe("the embedded cloud as a target", function () {
    this.timeout(60_000);

    it("points the config at the cloud it started, whitebox on", async () => {
      const t = await openEmbedded();
      try {
        expect(t.kind).to.equal("embedded");
        const cloud = t.cloud!;
        expect(t.config.auth.auth_url).to.equal(cloud.authUrl);
        expect(t.config.compute.image_ref).to.equal(cloud.imageId);
        expect(t.config.compute.build_timeout, "fast steps: short waits").to.equal(8);
        expect(t.config.validation.network).to.equal(cloud.networkName);
        expect(Object.keys(t.config.whitebox.ctlplane_addresses)).to.deep.equal(cloud.hosts.map((h) => h.name));
        expect(t.config.whitebox.enabled).to.equal(true);
        expect(t.config.auth.use_dynamic_credentials).to.equal(false);
        expect(describeTarget(t, { release: "2026.2", hosts: 2, faults: ["a"], guest: "emulated" })).to.equal(
          `the embedded cloud ${cloud.url} (release 2026.2, 2 hosts, faults: a)`,
        );
      } finally {
        await t.cloud?.stop();
      }
    });

    it("uses dynamic credentials for parallel workers and drops whitebox when asked", async () => {
      const t = await openEmbedded({ workers: 2, withoutWhitebox: true });
      try {
        expect(t.config.auth.use_dynamic_credentials).to.equal(true);
        expect(t.config.whitebox.enabled).to.equal(false);
        expect(() => checkWorkerCredentials(t.config, 2)).not.to.throw();
      } finally {
        await t.cloud?.stop();
      }
    });

    it("stops the cloud it started when the config does not load", async () => {
      let stopped = false;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vftest-target-"));
      const failing = openTarget({
        cloud: {},
        env: { HOME: dir, VFTEST_SIM_STEP_MS: "2" },
        cwd: dir,
        embedded: {
          release: "2026.2",
          hosts: 0 as number,
          faults: [],
          guest: "emulated",
          workers: 1,
          allowResizeToSameHost: false,
          withoutWhitebox: false,
          log: () => {},
          start: async (o) => {
            const cloud = await start({ ...o, hosts: 2 });
            const stop = cloud.stop.bind(cloud);
            cloud.stop = async () => {
              stopped = true;
              await stop();
            };
            return cloud;
          },
        },
      });
      let error: unknown;
      await failing.catch((e: unknown) => {
        error = e;
      });
      expect(String(error)).to.match(/min_compute_nodes/);
      expect(stopped).to.equal(true);
    });
  });
});
