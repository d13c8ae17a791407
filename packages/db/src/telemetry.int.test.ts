// Routed calls write the database they went to onto the active span, read back through the
// OpenTelemetry SDK's in-memory exporter.
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { PrismaClient as AppClient } from "@userbridge/clients/app";
import { createTestDatabase, type TestDatabase } from "@userbridge/testing/databases";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db, runWithRouting } from "./index.js";

const exporter = new InMemorySpanExporter();
let shared: TestDatabase;
let app: TestDatabase;
let db: Db<AppClient>;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  [shared, app] = await Promise.all([
    createTestDatabase("identity", "shared"),
    createTestDatabase("app", "app"),
  ]);
  db = createDb({ appClient: AppClient, sharedDatabaseUrl: shared.url, appDatabaseUrl: app.url });
});

afterAll(async () => {
  trace.disable();
  context.disable();
  await db?.$disconnect();
  await Promise.all([shared?.drop(), app?.drop()]);
});

async function inSpan(name: string, work: () => Promise<unknown>): Promise<Record<string, unknown>> {
  await trace.getTracer("test").startActiveSpan(name, async (span) => {
    await work();
    span.end();
  });
  const finished = exporter.getFinishedSpans().find((span) => span.name === name);
  return { ...finished?.attributes };
}

describe("OpenTelemetry", () => {
  it("tags the active span with the database a call went to and why", async () => {
    const site = await inSpan("site request", () => runWithRouting({ admin: false }, () => db.user.count()));
    expect(site).toEqual({
      "db.system.name": "postgresql",
      "db.namespace": shared.name,
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(shared.url).port || 5432),
      "userbridge.route.client": "shared",
      "userbridge.route.reason": "routed-model",
      "userbridge.route.model": "user",
      "userbridge.route.operation": "count",
    });
    const admin = await inSpan("admin request", () => runWithRouting({ admin: true }, () => db.user.count()));
    expect(admin).toMatchObject({
      "db.namespace": app.name,
      "userbridge.route.client": "app",
      "userbridge.route.reason": "admin",
    });
  });

  it("does nothing outside a span", async () => {
    await expect(runWithRouting({ admin: false }, () => db.post.count())).resolves.toBe(0);
  });
});
