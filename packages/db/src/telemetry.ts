// OpenTelemetry, when the app has it: every routed call adds to the active span which database it
// went to and why (Prisma's own spans do not say which server answered). `@opentelemetry/api` is an
// optional peer: without it this is nothing, and with it but no SDK registered, a no-op span lookup.
import { createRequire } from "node:module";
import type { RouteDecision } from "@userbridge/router";
import type { DatabaseName } from "./config.js";

interface SpanLike {
  setAttributes(attributes: Record<string, string | number>): unknown;
}
interface OtelApi {
  readonly trace: { getActiveSpan(): SpanLike | undefined };
}

function loadOtel(): OtelApi | undefined {
  try {
    return createRequire(import.meta.url)("@opentelemetry/api") as OtelApi;
  } catch {
    return undefined;
  }
}

/** The OpenTelemetry semantic-convention attributes of a database URL (never its credentials). */
function serverAttributes(url: string): Record<string, string | number> {
  const { hostname, port, pathname } = new URL(url);
  return {
    "db.system.name": "postgresql",
    "db.namespace": decodeURIComponent(pathname.slice(1)),
    "server.address": hostname,
    "server.port": Number(port || 5432),
  };
}

/**
 * An `onRoute` hook that writes each decision onto the active span: `db.namespace`, `server.address`,
 * `server.port` of the database the call went to, and `userbridge.route.client` / `.reason` / `.model`
 * / `.operation`. `undefined` when `@opentelemetry/api` is not installed.
 */
export function spanAttributesOnRoute(
  urls: Readonly<Record<DatabaseName, string>>,
  replicaUrls: Readonly<Partial<Record<DatabaseName, readonly string[]>>> = {},
  api: OtelApi | undefined = loadOtel(),
): ((decision: RouteDecision) => void) | undefined {
  if (!api) return undefined;
  const servers: Record<string, Record<string, string | number>> = {
    shared: serverAttributes(urls.shared),
    app: serverAttributes(urls.app),
  };
  for (const [database, list] of Object.entries(replicaUrls)) {
    list?.forEach((url, index) => {
      servers[`${database}/replica:${index}`] = serverAttributes(url);
    });
  }
  return (decision) => {
    const span = api.trace.getActiveSpan();
    if (!span) return;
    const onReplica = decision.server !== undefined && decision.server !== "primary";
    span.setAttributes({
      ...servers[onReplica ? `${decision.client}/${decision.server}` : decision.client],
      "userbridge.route.client": decision.client,
      "userbridge.route.reason": decision.reason,
      "userbridge.route.model": decision.model,
      "userbridge.route.operation": decision.operation,
      ...(decision.server !== undefined && {
        "userbridge.route.server": decision.server,
        "userbridge.route.server_reason": decision.serverReason ?? "",
      }),
    });
  };
}
