import { expect } from "chai";
import {
  ConfigError,
  describeConfig,
  loadConfig,
  preflightProblems,
  REDACTED,
  redactConfig,
} from "../../../lib/config/index.js";
import { baseEnv, IMAGE, loadError, TempDir } from "./helpers.js";

const SECRET = "S3cr3t-pa55";

describe("secrets never reach messages or displays", () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = new TempDir();
  });
  afterEach(() => dir.remove());

  it("describeConfig, redactConfig and preflightProblems of a valid config hide the password and app-cred secret", () => {
    const c = loadConfig({
      env: baseEnv(dir, {
        OS_AUTH_URL: "http://127.0.0.1/v3",
        OS_USERNAME: "demo",
        OS_PASSWORD: SECRET,
        OS_PROJECT_NAME: "demo",
      }),
      cwd: dir.path,
      overrides: {
        ...IMAGE,
        auth: { admin: { application_credential_id: "ac", application_credential_secret: SECRET } },
      },
    });
    expect(c.auth.member.password, "the config itself keeps it").to.equal(SECRET);
    const redacted = redactConfig(c);
    expect(JSON.stringify(redacted)).not.to.contain(SECRET);
    expect(JSON.stringify(redacted)).to.contain(`"password":"${REDACTED}"`);
    expect(describeConfig(c)).not.to.contain(SECRET);
    expect(describeConfig(c)).to.contain("demo@Default / project demo");
    expect(preflightProblems(c).join("\n")).not.to.contain(SECRET);
    expect(c.sources.join("\n")).not.to.contain(SECRET);
  });

  it("no error message contains a secret, whatever is wrong with it", () => {
    const cases: string[] = [
      // wrong type of a secret key
      `auth:\n  member:\n    password: [${SECRET}]\n`,
      // a misspelt secret key: its value must not be echoed
      `auth:\n  member:\n    pasword: ${SECRET}\n`,
      // a YAML syntax error on the line holding the secret
      `auth:\n  member:\n    password: ${SECRET}: x\n`,
      // duplicate keys
      `auth:\n  member:\n    password: ${SECRET}\n    password: ${SECRET}\n`,
      // a wrong group holding a secret
      `auth: ${SECRET}\n`,
      `auth:\n  member: ${SECRET}\n`,
      `auth:\n  endpoint_override: ${SECRET}\n`,
    ];
    for (const yaml of cases) {
      const file = dir.write("v.yaml", yaml);
      const err = loadError({ configFile: file, env: baseEnv(dir), cwd: dir.path, overrides: IMAGE });
      expect(err.message, `for ${JSON.stringify(yaml)}`).not.to.contain(SECRET);
      expect(JSON.stringify(err.problems)).not.to.contain(SECRET);
    }
  });

  it("secrets from clouds.yaml, secure.yaml and the environment stay out of errors", () => {
    dir.write(
      "clouds.yaml",
      `clouds:\n  c:\n    auth:\n      auth_url: ftp://x\n      password: ${SECRET}\n    verify: 7\n`,
    );
    dir.write("secure.yaml", `clouds:\n  c:\n    auth:\n      application_credential_secret: ${SECRET}\n`);
    const env = baseEnv(dir, { OS_CLOUD: "c", OS_PASSWORD: SECRET, OS_INSECURE: SECRET, OS_AUTH_TYPE: SECRET });
    let err: unknown;
    try {
      loadConfig({ env, cwd: dir.path });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ConfigError);
    expect(String((err as ConfigError).message)).not.to.contain(SECRET);
  });

  it("describeConfig drops user:password@ from the auth URL", () => {
    const c = loadConfig({
      env: baseEnv(dir, {
        OS_AUTH_URL: `http://u:${SECRET}@127.0.0.1/v3`,
        OS_USERNAME: "u",
        OS_PASSWORD: "p",
        OS_PROJECT_NAME: "x",
      }),
      cwd: dir.path,
      overrides: IMAGE,
    });
    expect(describeConfig(c)).not.to.contain(SECRET);
    expect(describeConfig(c)).to.contain("http://127.0.0.1/v3");
  });
});
