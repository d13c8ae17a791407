// Secrets `pnpm demo` generates on its first run and keeps with its data: the session password (when
// SESSION_PASSWORD is not set, so logins survive a restart) and the embedded server's superuser password.
// `--reset` forgets them with the data.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The secret kept in `<dataDir>/<file>`, created (random, 256 bits) when missing or too short. */
export async function keptSecret(dataDir: string, file: string): Promise<string> {
  const path = join(dataDir, file);
  const existing = (await readFile(path, "utf8").catch(() => "")).trim();
  if (existing.length >= 32) return existing;
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export function demoSessionPassword(dataDir: string): Promise<string> {
  return keptSecret(dataDir, "session-password");
}
