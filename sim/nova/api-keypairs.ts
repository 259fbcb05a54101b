// /os-keypairs: import or generate (ed25519), list, show, delete (keypairs.py).

import { createHash } from "node:crypto";
import { badRequest, conflict, notFound } from "../http/router.js";
import { generateEd25519 } from "../userland/sshKeys.js";
import { type NovaCtx, obj, policyDenied } from "./context.js";
import { json, type NovaCore, type Route } from "./core.js";
import { type Keypair, naiveNow } from "./model.js";
import { validateBody } from "./validate.js";
import { keypairView } from "./views.js";

/** MD5 fingerprint of an OpenSSH public key line (nova/crypto.py generate_fingerprint). */
export function fingerprint(publicKey: string): string {
  const parts = publicKey.trim().split(/\s+/);
  const blob = parts[1];
  if (!blob || !/^ssh-|^ecdsa-/.test(parts[0] ?? "")) {
    throw badRequest("Keypair data is invalid: failed to generate fingerprint");
  }
  const hex = createHash("md5").update(Buffer.from(blob, "base64")).digest("hex");
  return hex.match(/../g)?.join(":") ?? hex;
}

export function registerKeypairRoutes(route: Route, core: NovaCore): void {
  const { db } = core;
  // --- keypairs ---
  const keypairUser = (ctx: NovaCtx): string => {
    const u = ctx.req.query.get("user_id");
    if (u && u !== ctx.auth.userId) {
      if (!ctx.auth.isAdmin) throw policyDenied("os_compute_api:os-keypairs:index");
      return u;
    }
    return ctx.auth.userId;
  };
  const keypairOr404 = (ctx: NovaCtx): Keypair => {
    const user = keypairUser(ctx);
    const name = ctx.req.params.name ?? "";
    const k = db.keypairs.find((x) => x.name === name && x.userId === user);
    if (!k) throw notFound(`Keypair ${name} not found for user ${user}`);
    return k;
  };
  route("POST", "/os-keypairs", (ctx) => {
    const v292 = ctx.v.atLeast("2.92");
    validateBody(
      {
        type: "object",
        properties: {
          keypair: {
            type: "object",
            properties: {
              name: {
                type: "string",
                minLength: 1,
                maxLength: 255,
                pattern: v292 ? "^[a-zA-Z0-9 _.@-]+$" : "^[a-zA-Z0-9 _-]+$",
              },
              public_key: { type: "string" },
              ...(ctx.v.atLeast("2.2") ? { type: { type: "string", enum: ["ssh", "x509"] } } : {}),
              ...(ctx.v.atLeast("2.10") ? { user_id: { type: "string" } } : {}),
            },
            required: v292 ? ["name", "public_key"] : ["name"],
            additionalProperties: false,
          },
        },
        required: ["keypair"],
        additionalProperties: false,
      },
      ctx.req.body,
    );
    const k = obj(obj(ctx.req.body).keypair);
    const userId = typeof k.user_id === "string" ? k.user_id : ctx.auth.userId;
    if (userId !== ctx.auth.userId && !ctx.auth.isAdmin) throw policyDenied("os_compute_api:os-keypairs:create");
    const name = String(k.name);
    if (db.keypairs.some((x) => x.name === name && x.userId === userId)) {
      throw conflict(`Key pair '${name}' already exists.`);
    }
    let publicKey = typeof k.public_key === "string" ? k.public_key.trim() : "";
    let privateKey: string | undefined;
    if (!publicKey) {
      const pair = generateEd25519();
      publicKey = pair.public;
      privateKey = pair.private;
    }
    const kp: Keypair = {
      id: db.allocKeypairId(),
      name,
      userId,
      projectId: ctx.auth.projectId,
      publicKey,
      fingerprint: fingerprint(publicKey),
      type: k.type === "x509" ? "x509" : "ssh",
      createdAt: naiveNow(),
    };
    db.keypairs.push(kp);
    const view = keypairView(ctx, kp, { full: true });
    if (privateKey) view.private_key = privateKey;
    return json(ctx.v.atLeast("2.2") ? 201 : 200, { keypair: view });
  });
  route("GET", "/os-keypairs", (ctx) => {
    const user = keypairUser(ctx);
    const list = db.keypairs.filter((k) => k.userId === user);
    return json(200, { keypairs: list.map((k) => ({ keypair: keypairView(ctx, k, { full: false }) })) });
  });
  route("GET", "/os-keypairs/:name", (ctx) => {
    const k = keypairOr404(ctx);
    return json(200, {
      keypair: {
        ...keypairView(ctx, k, { full: true }),
        created_at: k.createdAt,
        deleted: false,
        deleted_at: null,
        id: k.id,
        updated_at: null,
      },
    });
  });
  route("DELETE", "/os-keypairs/:name", (ctx) => {
    const k = keypairOr404(ctx);
    db.keypairs.splice(db.keypairs.indexOf(k), 1);
    return json(ctx.v.atLeast("2.2") ? 204 : 202);
  });
}
