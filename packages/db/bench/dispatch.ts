// (a) The facade's own cost: a routed call on an in-memory client vs the same call made directly.
import { createRoutedClient, type DatabaseRouter, runWithRouting } from "@userbridge/router";
import { identityRouter } from "../src/identity-router.js";
import { alternate, median } from "./stats.js";

const ITERATIONS = 1_000_000;

function standIn() {
  const result = { id: "1" };
  const delegate = { findUnique: (_args: unknown) => result, findMany: (_args: unknown) => result };
  return {
    user: delegate,
    post: delegate,
    account: delegate,
    session: delegate,
    verificationToken: delegate,
  };
}

/** Nanoseconds per call of `call`, over ITERATIONS calls. */
function nsPerCall(call: (i: number) => unknown): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) if (call(i)) sink++;
  const elapsed = Number(process.hrtime.bigint() - started);
  if (sink !== ITERATIONS) throw new Error("benchmark: calls returned nothing");
  return elapsed / ITERATIONS;
}

export async function benchDispatch(
  rounds = 15,
): Promise<{ direct: number; routed: number; overhead: number }> {
  const clients = { shared: standIn(), app: standIn() };
  // As createDb routes: the identity router over a site's two clients.
  const db = createRoutedClient({
    clients,
    defaultClient: "app",
    routers: [identityRouter() as DatabaseRouter<"shared" | "app">],
  });
  const args = { where: { id: "1" } };
  const samples = await alternate(
    rounds,
    () => nsPerCall(() => clients.shared.user.findUnique(args)),
    () => runWithRouting({ admin: false }, () => nsPerCall(() => db.user.findUnique(args))),
  );
  const direct = median(samples.a);
  const routed = median(samples.b);
  return { direct, routed, overhead: routed - direct };
}
