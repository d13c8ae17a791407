// `prisma migrate deploy --config prisma/<schema>/prisma.config.ts` with `<SCHEMA>_DATABASE_URL` set, as the
// harness's templates and `pnpm db:migrate` run it (the same command as harness/templates.ts's migrateDeploy).
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { databaseUrlVariable } from "@userbridge/db/config";
import { runCommand } from "../run-command.ts";

const REPO_ROOT = fileURLToPath(new URL("../../../..", import.meta.url));

/** Applies `schema`'s migrations (a folder under prisma/) to the database at `url`. */
export async function migrateDeploy(schema: string, url: string): Promise<void> {
  const prisma = join(REPO_ROOT, "node_modules", ".bin", "prisma");
  const args = ["migrate", "deploy", "--config", join(REPO_ROOT, "prisma", schema, "prisma.config.ts")];
  const env = { ...process.env, [databaseUrlVariable(schema)]: url, CHECKPOINT_DISABLE: "1" };
  const { code, output } = await runCommand(prisma, args, { cwd: REPO_ROOT, env, timeoutMs: 180_000 });
  if (code !== 0)
    throw new Error(`userbridge: prisma migrate deploy (${schema}) exited with ${code}:\n${output}`);
}
