// Simulated Manila (/share, /share/v2): shares, export locations, access rules with deletion/visibility locks,
// resource locks, microversions (X-OpenStack-Manila-API-Version / OpenStack-API-Version: shared-file-system),
// and the ShareBackend Nova's compute side and the hosts' storage clients use. Errors use Nova-style fault bodies
// (Manila shares the format). Follows manila/api/v2/shares.py, share_accesses.py and resource_locks.py.

import type { FaultSwitch, IdentityBackend, ShareBackend, ShareProto, Timing } from "../contracts.js";
import { novaFaultBody, Router, type ServiceMount } from "../http/router.js";
import { serviceMount } from "../http/service.js";
import { accessRoutes } from "./manila/access.js";
import { shareBackend } from "./manila/backend.js";
import { manilaContext, negotiateManilaVersion, vstr } from "./manila/context.js";
import { lockRoutes } from "./manila/locks.js";
import { shareRoutes } from "./manila/shares.js";
import type { ResourceRow } from "./types.js";

export { ManilaError } from "./manila/store.js";

export function createManila(opts: {
  identity: IdentityBackend;
  faults: FaultSwitch;
  timing: Timing;
  dataDir: string;
  /** The protocols the back end serves; default NFS and CEPHFS. */
  protocols?: readonly ShareProto[];
}): {
  mount: ServiceMount;
  backend: ShareBackend;
  listResources(): { shares: ResourceRow[]; access_rules: ResourceRow[]; resource_locks: ResourceRow[] };
  setShareStatus(shareId: string, status: string): void;
} {
  const ctx = manilaContext(opts);
  const { store, versionDoc } = ctx;

  const r = new Router();
  r.on("GET", "", (req) => ({ status: 300, body: { versions: [versionDoc(req)] } }));
  r.on("GET", "/v2", (req) => ({ status: 200, body: { versions: [versionDoc(req)] } }));

  shareRoutes(r, ctx);

  accessRoutes(r, ctx);

  lockRoutes(r, ctx);

  const inner = serviceMount("/share", r, novaFaultBody, {
    headers: (req) => {
      // The pipeline sends x-openstack-request-id once for every service (sim/http/pipeline.ts).
      const h: Record<string, string> = {};
      try {
        if (req.path.startsWith("/v2/")) {
          const v = vstr(negotiateManilaVersion(req.headers));
          h["X-OpenStack-Manila-API-Version"] = v;
          h["OpenStack-API-Version"] = `shared-file-system ${v}`;
          h.Vary = "X-OpenStack-Manila-API-Version, OpenStack-API-Version";
        }
      } catch {
        // an unusable version header already answers 400/406; there is nothing to echo
      }
      return h;
    },
  });
  const mount: ServiceMount = {
    prefix: "/share",
    handle(req) {
      // Manila accepts both /v2/<project_id>/shares and /v2/shares (the catalog here has no project id).
      const m = /^\/v2\/([0-9a-f]{32})(\/.*)?$/.exec(req.path);
      const path = m && opts.identity.projectExists(m[1]!) ? `/v2${m[2] ?? ""}` : req.path;
      return inner.handle({ ...req, path });
    },
  };

  const backend = shareBackend(ctx, opts);

  return {
    mount,
    backend,
    listResources: () => ({
      shares: [...store.shares.values()].map((s) => ({
        id: s.id,
        name: s.name ?? "",
        project_id: s.projectId,
        status: s.status,
      })),
      access_rules: [...store.rules.values()].map((x) => ({
        id: x.id,
        name: `${x.accessType}:${x.accessTo}`,
        project_id: store.shares.get(x.shareId)?.projectId,
        share_id: x.shareId,
        state: x.state,
      })),
      resource_locks: [...store.locks.values()].map((l) => ({
        id: l.id,
        name: `${l.resourceType}:${l.resourceAction}`,
        project_id: l.projectId,
        resource_id: l.resourceId,
      })),
    }),
    setShareStatus: (shareId, status) => store.setStatus(shareId, status),
  };
}
