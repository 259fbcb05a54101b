// oslo.messaging transport URLs, as Nova's [oslo_messaging_notifications] transport_url takes them:
//   rabbit://user:pass@host1:port1,user:pass@host2:port2/virtual_host
// Each host may carry its own credentials (a host without them reuses the last ones given, as oslo does);
// the path is the RabbitMQ vhost ("/" or empty = the default vhost "/"). amqp:// is accepted as a synonym.
// Query options (ssl=1 etc.) are not supported: an error says so rather than connecting differently.

import { VftestError } from "../errors.js";

export interface AmqpEndpoint {
  hostname: string;
  port: number;
  username: string;
  password: string;
  vhost: string;
}

export class TransportUrlError extends VftestError {
  override name = "TransportUrlError";
}

/** The URL with every password replaced by "***" (for logs, errors and reports). */
export function maskTransportUrl(url: string): string {
  return url.replace(/([/,][^:/@,]*:)[^@,/]*@/g, "$1***@");
}

export function parseTransportUrl(url: string): AmqpEndpoint[] {
  const masked = maskTransportUrl(url);
  const m = /^(rabbit|amqp):\/\/([^/?#]*)(?:\/([^?#]*))?(\?[^#]*)?$/.exec(url.trim());
  if (!m) {
    throw new TransportUrlError(
      `notifications.transport_url ${masked}: expected rabbit://user:pass@host:port[,user:pass@host:port...]/vhost`,
    );
  }
  if (m[4] && m[4] !== "?") {
    throw new TransportUrlError(
      `notifications.transport_url ${masked}: query options (${m[4].slice(1).replace(/=[^&]*/g, "=…")}) are not supported`,
    );
  }
  const vhostRaw = decodeURIComponent(m[3] ?? "");
  const vhost = vhostRaw === "" ? "/" : vhostRaw;
  let user = "guest";
  let pass = "guest";
  const endpoints: AmqpEndpoint[] = [];
  for (const part of m[2]!.split(",")) {
    const at = part.lastIndexOf("@");
    if (at >= 0) {
      const cred = part.slice(0, at);
      const colon = cred.indexOf(":");
      user = decodeURIComponent(colon >= 0 ? cred.slice(0, colon) : cred);
      pass = colon >= 0 ? decodeURIComponent(cred.slice(colon + 1)) : "";
    }
    const hostPort = at >= 0 ? part.slice(at + 1) : part;
    const hp = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(hostPort);
    if (!hp) throw new TransportUrlError(`notifications.transport_url ${masked}: bad host "${hostPort}"`);
    const port = hp[2] ? Number(hp[2]) : 5672;
    if (port < 1 || port > 65535)
      throw new TransportUrlError(`notifications.transport_url ${masked}: bad port ${port}`);
    endpoints.push({ hostname: hp[1]!.replace(/^\[|\]$/g, ""), port, username: user, password: pass, vhost });
  }
  return endpoints;
}

/** host:port/vhost, never the credentials. */
export function describeEndpoint(e: AmqpEndpoint): string {
  const host = e.hostname.includes(":") ? `[${e.hostname}]` : e.hostname;
  return `${e.username}@${host}:${e.port}${e.vhost === "/" ? "/" : `/${e.vhost}`}`;
}
