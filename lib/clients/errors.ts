// Error classes of the client layer. Every error vftest raises derives from VftestError so the runner can tell
// "the cloud or the suite said no, with a reason" (printed as a message) from a bug in vftest (printed with a stack).

export class VftestError extends Error {
  override name = "VftestError";
}

export interface HttpErrorDetails {
  method: string;
  url: string;
  status: number;
  /** The cloud's own message, e.g. the `message` of `{"conflictingRequest": {"code": 409, "message": ...}}`. */
  cloudMessage: string;
  requestId?: string;
  /** Response body, secrets already masked. */
  body?: unknown;
}

/** An HTTP response with status >= 400. Message: `POST http://.../servers/x/action -> 409 Conflict: <cloud message> (request-id req-...)`. */
export class HttpError extends VftestError {
  override name = "HttpError";
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly cloudMessage: string;
  readonly requestId?: string;
  readonly body?: unknown;

  constructor(d: HttpErrorDetails, label = "HTTP error") {
    const rid = d.requestId ? ` (request-id ${d.requestId})` : "";
    super(`${d.method} ${d.url} -> ${d.status} ${label}: ${d.cloudMessage || "(no message)"}${rid}`);
    this.method = d.method;
    this.url = d.url;
    this.status = d.status;
    this.cloudMessage = d.cloudMessage;
    this.requestId = d.requestId;
    this.body = d.body;
  }
}

export class BadRequestError extends HttpError {
  override name = "BadRequestError";
}
export class UnauthorizedError extends HttpError {
  override name = "UnauthorizedError";
}
export class ForbiddenError extends HttpError {
  override name = "ForbiddenError";
}
export class NotFoundError extends HttpError {
  override name = "NotFoundError";
}
export class NotAcceptableError extends HttpError {
  override name = "NotAcceptableError";
}
export class ConflictError extends HttpError {
  override name = "ConflictError";
}
export class RateLimitError extends HttpError {
  override name = "RateLimitError";
}
export class ServerFaultError extends HttpError {
  override name = "ServerFaultError";
}
export class ServiceUnavailableError extends HttpError {
  override name = "ServiceUnavailableError";
}

type HttpErrorClass = new (d: HttpErrorDetails, label?: string) => HttpError;

/** Status -> [class, label]. A status not listed maps to HttpError with its reason phrase. */
export const HTTP_ERRORS: Readonly<Record<number, [HttpErrorClass, string]>> = {
  400: [BadRequestError, "Bad Request"],
  401: [UnauthorizedError, "Unauthorized"],
  403: [ForbiddenError, "Forbidden"],
  404: [NotFoundError, "Not Found"],
  406: [NotAcceptableError, "Not Acceptable"],
  409: [ConflictError, "Conflict"],
  429: [RateLimitError, "Too Many Requests"],
  500: [ServerFaultError, "Internal Server Error"],
  503: [ServiceUnavailableError, "Service Unavailable"],
};

export function httpErrorFor(d: HttpErrorDetails): HttpError {
  const entry = HTTP_ERRORS[d.status];
  return entry ? new entry[0](d, entry[1]) : new HttpError(d, "Unexpected status");
}

export function isNotFound(e: unknown): e is NotFoundError {
  return e instanceof NotFoundError;
}

/** A 2xx response whose body does not match the schema for its microversion. */
export class SchemaValidationError extends VftestError {
  override name = "SchemaValidationError";
  constructor(
    readonly method: string,
    readonly url: string,
    readonly schemaName: string,
    readonly problems: string[],
    readonly requestId?: string,
  ) {
    const rid = requestId ? ` (request-id ${requestId})` : "";
    super(`${method} ${url}: response does not match schema ${schemaName}${rid}: ${problems.join("; ")}`);
  }
}

/** The cloud answered with a microversion other than the one asked for. */
export class MicroversionMismatchError extends VftestError {
  override name = "MicroversionMismatchError";
}

/** Could not reach an endpoint at all (refused, DNS, TLS, timeout). */
export class ConnectionError extends VftestError {
  override name = "ConnectionError";
}

/** SSH to a guest or host failed; the message names host, port, user and the last cause. */
export class SshError extends VftestError {
  override name = "SshError";
}

/** A remote command exited non-zero. */
export class SshCommandError extends SshError {
  override name = "SshCommandError";
  constructor(
    readonly host: string,
    readonly command: string,
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
  ) {
    super(
      `command on ${host} exited ${exitCode ?? "by signal"}: ${command}${stderr.trim() ? `\nstderr: ${stderr.trim().slice(0, 2000)}` : ""}`,
    );
  }
}
