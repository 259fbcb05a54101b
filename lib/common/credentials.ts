// Who the tests run as. A CredentialProvider hands each worker one member account and the admin account; the
// accounts come from a pre-provisioned Tempest accounts file (accounts-file.ts) or are created per worker by
// the admin (dynamic-credentials.ts). Creds hold a password: log them only through `credsLabel`.

export interface Creds {
  username: string;
  /** Secret: never log, never put in an error message. */
  password: string;
  projectName: string;
  projectId?: string;
  userDomainName: string;
  projectDomainName: string;
}

export interface CredentialProvider {
  /** This worker's member (non-admin) account. */
  member(): Promise<Creds>;
  /** The admin account (migrate, os-migrations, hypervisors). */
  admin(): Promise<Creds>;
  /** Give back / delete what member() obtained. Idempotent. */
  release(): Promise<void>;
}

/** `user@Domain / project@Domain`: a secret-free description for logs and messages. */
export function credsLabel(c: Creds): string {
  return `${c.username}@${c.userDomainName} / project ${c.projectName}@${c.projectDomainName}`;
}
