// Which replicas each database has: `createDb({ replicas })`, else `<NAME>_REPLICA_URLS` (comma-separated).
import { InvalidConfigError } from "@userbridge/router";
import { describeDatabaseUrl, postgresUrlIssues, replicaUrlsVariable } from "../config.js";

export type ReplicaUrls = Partial<Record<"shared" | "app", readonly string[]>>;

/**
 * The replica URLs of the shared and app databases: the given lists where given, else the environment's.
 * No replicas anywhere: `{}` (and routing is exactly as without the feature).
 * @throws InvalidConfigError naming every malformed URL and the list it is in.
 */
export function readReplicaUrls(
  given: ReplicaUrls | undefined,
  env: Record<string, string | undefined>,
): Record<"shared" | "app", { url: string; description: string }[]> {
  const issues: string[] = [];
  const read = (database: "shared" | "app") => {
    const variable = replicaUrlsVariable(database);
    const urls =
      given?.[database] ??
      (env[variable] ?? "")
        .split(",")
        .map((url) => url.trim())
        .filter((url) => url !== "");
    const source = given?.[database] ? `replicas.${database}` : variable;
    urls.forEach((url, index) => {
      for (const issue of postgresUrlIssues(url)) issues.push(`${source}[${index}] ${issue}`);
    });
    return urls.map((url) => ({ url, description: issues.length === 0 ? describeDatabaseUrl(url) : "" }));
  };
  const result = { shared: read("shared"), app: read("app") };
  if (issues.length > 0) throw new InvalidConfigError("replica configuration", issues);
  return result;
}
