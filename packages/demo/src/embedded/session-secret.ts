// The demo's session password when SESSION_PASSWORD is not set: random on the first run and kept with
// the data, so logins survive a restart and `--reset` forgets them with the users.
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

export async function demoSessionPassword(dataDir: string): Promise<string> {
  const file = join(dataDir, "session-password");
  const existing = (await readFile(file, "utf8").catch(() => "")).trim();
  if (existing.length >= 32) return existing;
  const password = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}
