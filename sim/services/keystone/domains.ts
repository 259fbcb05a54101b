// Keystone /v3/domains (read-only: the Default domain and any seeded one).

import type { Router } from "../../http/router.js";
import type { KeystoneContext } from "./context.js";
import { fail, forbidden } from "./context.js";

export function domainRoutes(r: Router, ctx: KeystoneContext): void {
  const { store, link, collection, caller, admin } = ctx;
  // --- domains ---
  const domainView = (id: string) => {
    const d = store.domains.get(id)!;
    return {
      id: d.id,
      name: d.name,
      description: d.description,
      enabled: d.enabled,
      tags: [],
      options: {},
      links: link("domains", d.id),
    };
  };
  r.on("GET", "/v3/domains", (req) => {
    admin(req, "list_domains");
    const name = req.query.get("name");
    const ds = [...store.domains.keys()].filter((id) => name === null || store.domains.get(id)!.name === name);
    return { status: 200, body: { domains: ds.map(domainView), links: collection("domains") } };
  });
  r.on("GET", "/v3/domains/:id", (req) => {
    const { info } = caller(req);
    if (!store.domains.has(req.params.id!)) throw fail(404, `Could not find domain: ${req.params.id}.`);
    if (!info.isAdmin && info.domainId !== req.params.id) throw forbidden("get_domain");
    return { status: 200, body: { domain: domainView(req.params.id!) } };
  });
}
