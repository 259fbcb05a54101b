// The share protocol and share type the suite will create shares with: Nova attaches NFS and CephFS shares only
// (ShareMappingProto), and only from a back end without share servers (driver_handles_share_servers false: Nova
// grants access per host IP or cephx user, it does not manage share networks). share.share_type unset means
// Manila's default type, which must then exist.

import { probe } from "./check.js";
import type { CheckResult, CloudCheck } from "./types.js";

const NOVA_PROTOCOLS = ["NFS", "CEPHFS"];

const dhssFalse = (v: string | undefined): boolean => v !== undefined && /^(false|f|0|no|off)$/i.test(v.trim());

export const shareType: CloudCheck = async ({ config, cloud, as }) => {
  const { protocol, share_type: wanted } = config.share;
  const out: CheckResult[] = [
    {
      name: "share protocol",
      ...(NOVA_PROTOCOLS.includes(protocol)
        ? { state: "ok" as const, detail: `${protocol} (Nova attaches NFS and CEPHFS)` }
        : {
            state: "fail" as const,
            detail: `share.protocol ${protocol} is not one Nova attaches (NFS, CEPHFS)`,
            fix: "set share.protocol to NFS or CEPHFS, matching the Manila back end",
          }),
    },
  ];
  out.push(
    await probe(
      "share type",
      wanted
        ? `create share type ${wanted} with driver_handles_share_servers=False (\`openstack share type create ${wanted} false\`) for a back end serving ${protocol}, or fix share.share_type`
        : "set share.share_type to a share type with driver_handles_share_servers=False, or make one Manila's default_share_type",
      async () => {
        const types = await cloud.shares.listShareTypes();
        if (!wanted) {
          const usable = types.filter((t) => dhssFalse(t.extra_specs.driver_handles_share_servers));
          if (usable.length === 0) {
            throw new Error(
              `no share type with driver_handles_share_servers=False${as} (known: ${types.map((t) => t.name).join(", ") || "none"})`,
            );
          }
          return `share.share_type unset, so Manila's default type is used (which one is not checked); with driver_handles_share_servers=False: ${usable.map((t) => t.name).join(", ")}${as}`;
        }
        const found = types.find((t) => t.name === wanted || t.id === wanted);
        if (!found) {
          throw new Error(`no share type "${wanted}"${as} (known: ${types.map((t) => t.name).join(", ") || "none"})`);
        }
        const dhss = found.extra_specs.driver_handles_share_servers;
        if (!dhssFalse(dhss)) {
          throw new Error(
            `share type ${found.name} has driver_handles_share_servers=${dhss ?? "(unset)"}; Nova needs False`,
          );
        }
        return `${found.name} (driver_handles_share_servers=False)${as}`;
      },
    ),
  );
  return out;
};
