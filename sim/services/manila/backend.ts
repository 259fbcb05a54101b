// The ShareBackend Nova's compute side and the hosts' storage clients use (nova/share/manila.py's view of Manila).

import type { AccessRuleView, FaultSwitch, ShareBackend } from "../../contracts.js";
import type { ManilaContext } from "./context.js";
import { ManilaError, NOVA_ACTOR, type Rule } from "./store.js";

export function shareBackend(ctx: ManilaContext, opts: { faults: FaultSwitch }): ShareBackend {
  const { store } = ctx;
  const ruleView = (x: Rule): AccessRuleView => ({
    id: x.id,
    shareId: x.shareId,
    accessType: x.accessType,
    accessTo: x.accessTo,
    accessLevel: x.accessLevel,
    state: x.state as AccessRuleView["state"],
    accessKey: x.accessKey,
    lockVisibility: store.locksOn(x.id, "show").length > 0,
    lockDeletion: store.locksOn(x.id, "delete").length > 0,
  });

  const backend: ShareBackend = {
    getShare(shareId) {
      const s = store.shares.get(shareId);
      if (!s) return undefined;
      return {
        id: s.id,
        projectId: s.projectId,
        status: s.status,
        proto: s.proto,
        exportLocation: store.hasExport(s) ? store.exportPath(s) : null,
      };
    },
    listAccess: (shareId) => store.rulesOf(shareId).map(ruleView),
    allowAccess(shareId, rule) {
      const s = store.shares.get(shareId);
      if (!s) throw new ManilaError(404, `Share ${shareId} could not be found.`);
      // Fault `rule-without-locks`: the grant forgets Nova's lock flags, so the rule is neither hidden nor protected.
      const noLocks = opts.faults.active("rule-without-locks");
      const created = store.allow(
        s,
        { accessType: rule.accessType, accessTo: rule.accessTo, accessLevel: rule.accessLevel },
        {
          deletion: rule.lockDeletion && !noLocks,
          visibility: rule.lockVisibility && !noLocks,
          reason: rule.lockDeletion || rule.lockVisibility ? rule.lockReason : null,
          actor: NOVA_ACTOR,
        },
      );
      return ruleView(created);
    },
    denyAccess(shareId, ruleId, o) {
      const rule = store.rules.get(ruleId);
      if (!rule || rule.shareId !== shareId) throw new ManilaError(404, `Access rule ${ruleId} not found.`);
      // Real Manila refuses (403) to delete a rule with a deletion lock unless `unrestrict` is set. Nova's client always
      // passes unrestrict=True; a caller that does not is the `locks-left-after-confirm` bug profile, which this sim
      // models as "the rule is deleted but its resource locks (and the share lock placed for it) stay behind".
      const locked = store.locksOn(ruleId, "delete").length > 0 || store.locksOn(ruleId, "show").length > 0;
      store.deny(ruleId, { keepLocks: !o.unrestrict && locked });
    },
    resolveExport: (exportLocation, client) => store.resolve(exportLocation, client),
  };
  return backend;
}
