// Pre-provisioned credentials from a Tempest-format accounts.yaml:
//   - username: u1
//     password: secret
//     project_name: p1          # or tenant_name
//     domain_name: Default      # optional; user_domain_name / project_domain_name override it
//     roles: [member]           # optional
//     types: [admin]            # optional; marks the admin account
// Worker N (0-based) gets the N-th member account. Messages name the file and entry, never a password.

import { readFileSync } from "node:fs";
import { parse } from "yaml";
import type { CredentialProvider, Creds } from "./credentials.js";
import { CredentialsError } from "./errors.js";

export interface Account extends Creds {
  roles: string[];
  types: string[];
}

export interface AccountsFileOptions {
  workerIndex: number;
  /** A role that marks an admin account besides `types: [admin]`. Default "admin". */
  adminRole?: string;
  /** Domain when an entry names none. Default "Default". */
  defaultDomainName?: string;
  /** Admin to use when the file has no admin account (e.g. auth.admin from the config). */
  admin?: Creds;
}

function strings(v: unknown, where: string, field: string): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
  throw new CredentialsError(`${where}: "${field}" must be a list of strings`);
}

/** Validate and normalise the parsed YAML; `source` names the file in messages. */
export function parseAccounts(doc: unknown, source: string, defaultDomainName = "Default"): Account[] {
  if (!Array.isArray(doc)) throw new CredentialsError(`accounts file ${source}: expected a YAML list of accounts`);
  return doc.map((raw: unknown, i) => {
    const where = `accounts file ${source}, entry ${i + 1}`;
    if (typeof raw !== "object" || raw === null) throw new CredentialsError(`${where}: expected a mapping`);
    const e = raw as Record<string, unknown>;
    const str = (k: string): string | undefined =>
      typeof e[k] === "string" && e[k] !== "" ? (e[k] as string) : undefined;
    const projectName = str("project_name") ?? str("tenant_name");
    const missing = [
      !str("username") && "username",
      !str("password") && "password",
      !projectName && "project_name",
    ].filter(Boolean);
    if (missing.length) {
      throw new CredentialsError(
        `${where}${str("username") ? ` (${str("username")})` : ""}: missing ${missing.join(", ")}`,
      );
    }
    const domain = str("domain_name") ?? defaultDomainName;
    return {
      username: str("username") as string,
      password: str("password") as string,
      projectName: projectName as string,
      projectId: str("project_id"),
      userDomainName: str("user_domain_name") ?? domain,
      projectDomainName: str("project_domain_name") ?? domain,
      roles: strings(e.roles, where, "roles"),
      types: strings(e.types, where, "types"),
    };
  });
}

function toCreds(a: Account): Creds {
  const { roles: _roles, types: _types, ...creds } = a;
  return creds;
}

export class AccountsFileProvider implements CredentialProvider {
  private readonly members: Account[];
  private readonly admins: Account[];

  constructor(
    private readonly source: string,
    accounts: Account[],
    private readonly opts: AccountsFileOptions,
  ) {
    const adminRole = opts.adminRole ?? "admin";
    const isAdmin = (a: Account) => a.types.includes("admin") || a.roles.includes(adminRole);
    this.members = accounts.filter((a) => !isAdmin(a));
    this.admins = accounts.filter(isAdmin);
  }

  static fromFile(path: string, opts: AccountsFileOptions): AccountsFileProvider {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (e) {
      throw new CredentialsError(
        `accounts file ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); check auth.test_accounts_file`,
      );
    }
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (e) {
      // yaml's message quotes the offending line, which may hold a password: report only the position.
      const pos = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0];
      throw new CredentialsError(
        `accounts file ${path} is not valid YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ""}`,
      );
    }
    return new AccountsFileProvider(path, parseAccounts(doc, path, opts.defaultDomainName), opts);
  }

  async member(): Promise<Creds> {
    const i = this.opts.workerIndex;
    const a = this.members[i];
    if (!a) {
      throw new CredentialsError(
        `accounts file ${this.source} has ${this.members.length} member account(s) but worker ${i} needs at least ${i + 1} ` +
          `(one per worker): add accounts or run fewer workers`,
      );
    }
    return toCreds(a);
  }

  async admin(): Promise<Creds> {
    const a = this.admins[0];
    if (a) return toCreds(a);
    if (this.opts.admin) return this.opts.admin;
    throw new CredentialsError(
      `accounts file ${this.source} has no admin account (types: [admin] or role "${this.opts.adminRole ?? "admin"}") and no admin credentials were configured`,
    );
  }

  async release(): Promise<void> {
    // Pre-provisioned accounts are reused as they are.
  }
}
