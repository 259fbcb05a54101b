// errno-style errors of the emulated userland, with the strerror text coreutils print.

export type Errno =
  | "ENOENT"
  | "EACCES"
  | "EIO"
  | "EROFS"
  | "EEXIST"
  | "ENOTDIR"
  | "EISDIR"
  | "ENOTEMPTY"
  | "EBUSY"
  | "EINVAL"
  | "ELOOP";

export const STRERROR: Record<Errno, string> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EIO: "Input/output error",
  EROFS: "Read-only file system",
  EEXIST: "File exists",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  ENOTEMPTY: "Directory not empty",
  EBUSY: "Device or resource busy",
  EINVAL: "Invalid argument",
  ELOOP: "Too many levels of symbolic links",
};

export class FsError extends Error {
  constructor(
    readonly code: Errno,
    readonly path: string,
  ) {
    super(STRERROR[code]);
  }
}

/** Maps a node:fs error to an FsError on the guest-visible path; anything unexpected becomes EIO. */
export function fromNodeError(err: unknown, path: string): FsError {
  if (err instanceof FsError) return err;
  const code = typeof err === "object" && err !== null && "code" in err ? String(err.code) : "";
  const known = code in STRERROR ? (code as Errno) : code === "EPERM" ? "EACCES" : "EIO";
  return new FsError(known, path);
}

/** "Permission denied: ..." / "Input/output error: ..." from a host's resolveVirtiofs becomes the errno a
 * virtiofs client would see. */
export function errnoForResolveError(error: string): Errno {
  if (error.startsWith("Input/output error")) return "EIO";
  if (error.startsWith("Permission denied")) return "EACCES";
  return /permission denied|access denied|denied/i.test(error) ? "EACCES" : "EIO";
}
