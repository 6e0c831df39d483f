/**
 * The project-local Jupyter kernelspec for the Deno kernel.
 *
 * `writeKernelspec()` writes `.cache/jupyter/kernels/deno/kernel.json` (gitignored)
 * whose argv is the absolute, symlink-free path of the Deno binary that npm installed
 * (package `@deno/<platform>`), started as `deno jupyter --kernel --conn
 * {connection_file}`, with `NO_COLOR=1` so no ANSI codes land in text outputs. Point
 * `JUPYTER_PATH` at {@link JUPYTER_DIR} to use it.
 *
 * For your own JupyterLab / classic Notebook, install a user kernelspec instead with
 * `npx deno task kernel` (`deno jupyter --install --force`).
 *
 * Permissions: Deno 2.9.6 runs the kernel with all permissions (network included), and
 * `deno jupyter` rejects permission flags, so this `argv` cannot narrow it
 * (denoland/deno#25692; tests/reliability/permissions_test.ts fails once a Deno accepts
 * them, so that they can be added here).
 *
 * @module
 */
import { basenamePath, dirnamePath, joinPath, repoPath } from "../lib/core/paths.ts";

/** Folder to put on `JUPYTER_PATH` (holds `kernels/deno/kernel.json`). */
export const JUPYTER_DIR: string = repoPath(".cache", "jupyter");

/** Name of the npm package holding the Deno binary for this machine. */
export function denoPlatformPackage(): string {
  const arch = Deno.build.arch === "aarch64" ? "arm64" : "x64";
  switch (Deno.build.os) {
    case "linux":
      return `@deno/linux-${arch}-glibc`;
    case "darwin":
      return `@deno/darwin-${arch}`;
    case "windows":
      return `@deno/win32-${arch}`;
    default:
      return `@deno/${Deno.build.os}-${arch}`;
  }
}

/**
 * Absolute path (symlinks resolved) of the real Deno binary: the one in
 * `node_modules/@deno/<platform>/`, else the binary running this script.
 */
export function realDenoBinary(): string {
  const exe = Deno.build.os === "windows" ? "deno.exe" : "deno";
  const candidates = [
    repoPath("node_modules", ...denoPlatformPackage().split("/"), exe),
    Deno.execPath(),
  ];
  for (const candidate of candidates) {
    try {
      const real = Deno.realPathSync(candidate);
      if (Deno.statSync(real).isFile) return real;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `no Deno binary found (looked for ${candidates.join(", ")}); run: npm ci --ignore-scripts`,
  );
}

/** The kernel.json content for a given Deno binary. */
export function kernelJson(denoBinary: string): Record<string, unknown> {
  return {
    argv: [denoBinary, "jupyter", "--kernel", "--conn", "{connection_file}"],
    display_name: "Deno",
    language: "typescript",
    env: { NO_COLOR: "1" },
  };
}

/** Writes the project-local kernelspec; returns the path of kernel.json. */
export function writeKernelspec(jupyterDir: string = JUPYTER_DIR): string {
  const file = joinPath(jupyterDir, "kernels", "deno", "kernel.json");
  Deno.mkdirSync(dirnamePath(file), { recursive: true });
  const text = JSON.stringify(kernelJson(realDenoBinary()), null, 2) + "\n";
  let old = "";
  try {
    old = Deno.readTextFileSync(file);
  } catch {
    // not written yet
  }
  if (old !== text) Deno.writeTextFileSync(file, text);
  return file;
}

if (import.meta.main) {
  const file = writeKernelspec();
  console.log(`kernelspec ${basenamePath(dirnamePath(file))}: ${file}`);
  console.log(`use it with: JUPYTER_PATH=${JUPYTER_DIR}`);
}
