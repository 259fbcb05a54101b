// The configured image, flavors and networks exist (and the image is active), as seen by the account that runs
// the tests.

import { probe } from "./check.js";
import type { CheckResult, CloudCheck } from "./types.js";

export const image: CloudCheck = async ({ config, cloud, as }) => {
  const ref = config.compute.image_ref;
  return [
    await probe("image", "set compute.image_ref to an image id from `openstack image list`", async () => {
      const found = await cloud.images.showImage(ref);
      const status = typeof found.status === "string" ? found.status : "unknown";
      if (status !== "active") throw new Error(`image ${ref} is ${status}, not active`);
      return `${ref} active${as}`;
    }),
  ];
};

export const flavors: CloudCheck = async ({ config, cloud, as }) => {
  const out: CheckResult[] = [];
  for (const key of ["flavor_ref", "flavor_ref_alt"] as const) {
    const ref = config.compute[key];
    out.push(
      await probe(`flavor (${key})`, `set compute.${key} to a flavor id from \`openstack flavor list\``, async () => {
        const f = await cloud.flavors.showFlavor(ref);
        return `${ref} (${f.name})${as}`;
      }),
    );
  }
  return out;
};

/** validation.network, and validation.floating_network when guests are reached over floating IPs. */
export const networks: CloudCheck = async ({ config, cloud, as }) => {
  const out: CheckResult[] = [];
  const network = config.validation.network;
  if (network) {
    out.push(
      await probe("SSH network", "set validation.network to a network the member project can use", async () => {
        const found = await cloud.network.listNetworks({ name: network });
        if (found.length === 0) throw new Error(`no network named "${network}"${as}`);
        return `${network} exists${as}`;
      }),
    );
  }
  const floating = config.validation.connect_method === "floating" ? config.validation.floating_network : undefined;
  if (floating) {
    out.push(
      await probe("floating IP network", "set validation.floating_network to an external network", async () => {
        const found = await cloud.network.listNetworks({ name: floating });
        if (found.length === 0) throw new Error(`no network named "${floating}"`);
        return `${floating} exists`;
      }),
    );
  }
  return out;
};
