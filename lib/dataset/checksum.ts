/**
 * SHA-256 checksums (Web Crypto, `crypto.subtle`) and the size-then-hash check that a
 * reader runs before it trusts a dataset file.
 *
 * @module
 */

/** Lower-case hex SHA-256 of some bytes.
 *
 * @example
 * ```ts
 * import { sha256Hex } from "./checksum.ts";
 * const h = await sha256Hex(new TextEncoder().encode("abc"));
 * if (!h.startsWith("ba7816bf")) throw new Error("known SHA-256 of 'abc'");
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("bytes must be a Uint8Array");
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** What a manifest records about one file. */
export interface FileRecord {
  /** File name inside its shard folder. */
  readonly file: string;
  /** Size, bytes. */
  readonly bytes: number;
  /** Lower-case hex SHA-256 of the whole file. */
  readonly sha256: string;
}

/** A dataset file whose size or checksum does not match the manifest. */
export class ChecksumError extends Error {
  /** Path of the file. */
  readonly file: string;
  /** `bytes` (size) or `sha256`. */
  readonly field: string;
  constructor(file: string, field: string, message: string) {
    super(`${file}: ${field}: ${message}`);
    this.name = "ChecksumError";
    this.file = file;
    this.field = field;
  }
}

/**
 * Reads a file and checks its size and SHA-256 against `record`; returns the bytes.
 * Throws {@link ChecksumError} naming the file and the field, or the file-system error
 * (`Deno.errors.NotFound`) if it is missing.
 *
 * @example
 * ```ts
 * import { readVerifiedFile, sha256Hex } from "./checksum.ts";
 * // path is null without --allow-write (the example is then skipped)
 * const path = await Deno.makeTempFile().catch(() => null);
 * if (path !== null) {
 *   const bytes = new Uint8Array([1, 2, 3]);
 *   await Deno.writeFile(path, bytes);
 *   const record = { file: "x", bytes: 3, sha256: await sha256Hex(bytes) };
 *   const back = await readVerifiedFile(path, record);
 *   if (back.length !== 3) throw new Error("size");
 *   await Deno.remove(path);
 * }
 * ```
 */
export async function readVerifiedFile(path: string, record: FileRecord): Promise<Uint8Array> {
  const info = await Deno.stat(path);
  if (info.size !== record.bytes) {
    throw new ChecksumError(
      path,
      "bytes",
      `size ${info.size} differs from the manifest's ${record.bytes} (truncated or half-written?)`,
    );
  }
  const bytes = await Deno.readFile(path);
  if (bytes.length !== record.bytes) {
    throw new ChecksumError(path, "bytes", `read ${bytes.length} bytes, expected ${record.bytes}`);
  }
  const hash = await sha256Hex(bytes);
  if (hash !== record.sha256) {
    throw new ChecksumError(
      path,
      "sha256",
      `checksum ${hash} differs from the manifest's ${record.sha256} (corrupted?)`,
    );
  }
  return bytes;
}
