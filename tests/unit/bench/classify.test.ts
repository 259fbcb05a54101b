// The calls figure's request classes and its "same flow" window (bench/lib/classify.ts): from the move request to
// the moved server's DELETE, cut the same way from vftest's log (with bodies) and Tempest's (simulator side, none).

import { expect } from "chai";
import { classify, count, moveWindow } from "../../../bench/lib/classify.js";

const S = "11111111-2222-3333-4444-555555555555";
const base = "http://127.0.0.1:1234";
const r = (method: string, path: string, body?: unknown) => ({ method, url: `${base}${path}`, body });

describe("bench calls: request classes and the move window", () => {
  it("classifies polls, actions, checks and auth", () => {
    expect(classify("GET", `${base}/compute/v2.1/servers/${S}`)).to.equal("poll");
    expect(classify("POST", `/compute/v2.1/servers/${S}/action`)).to.equal("action");
    expect(classify("GET", `/compute/v2.1/os-migrations?instance_uuid=${S}`)).to.equal("check:api");
    expect(classify("GET", "/share/v2/resource-locks?all_projects=true")).to.equal("check:manila");
    expect(classify("POST", "/identity/v3/auth/tokens")).to.equal("auth");
  });

  const log = [
    r("POST", "/compute/v2.1/servers", { server: {} }),
    r("GET", `/compute/v2.1/servers/${S}`),
    r("POST", `/compute/v2.1/servers/${S}/action`, { "os-stop": null }),
    r("POST", `/compute/v2.1/servers/${S}/action`, { migrate: null }),
    r("GET", `/compute/v2.1/servers/${S}`),
    r("POST", `/compute/v2.1/servers/${S}/action`, { confirmResize: null }),
    r("GET", "/share/v2/share-access-rules?share_id=x"),
    r("DELETE", `/compute/v2.1/servers/${S}`),
    r("GET", `/compute/v2.1/servers/${S}`),
  ];

  it("with bodies: from the migrate/resize request to the server's DELETE, exclusive", () => {
    const w = moveWindow(log);
    expect(w.map((x) => x.method)).to.deep.equal(["POST", "GET", "POST", "GET"]);
    expect(w[0]?.body).to.deep.equal({ migrate: null });
    expect(count(w)).to.include({ total: 4, action: 2, poll: 1, "check:manila": 1 });
  });

  it("without bodies (simulator side): from the first server action; 'create' starts at the server's create", () => {
    const bare = log
      .filter((x) => !("os-stop" in ((x.body as object | undefined) ?? {})))
      .map(({ method, url }) => ({ method, url }));
    expect(moveWindow(bare)).to.have.length(4);
    expect(moveWindow(bare, "create")).to.have.length(6);
    expect(moveWindow([r("GET", `/compute/v2.1/servers/${S}`)])).to.deep.equal([]);
  });
});
