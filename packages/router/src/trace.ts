import type { RouteDecision } from "./policy.js";

/**
 * Records routing decisions, for tests and debugging:
 * `const trace = recordRoutes(); createRoutedClient({ ..., onRoute: trace.onRoute })`.
 */
export function recordRoutes(): {
  readonly onRoute: (decision: RouteDecision) => void;
  readonly decisions: RouteDecision[];
  /** `[{ client, model, operation }]`, the shape tests usually assert. */
  calls(): { client: string; model: string; operation: string }[];
  clear(): void;
} {
  const decisions: RouteDecision[] = [];
  return {
    onRoute: (decision) => {
      decisions.push(decision);
    },
    decisions,
    calls: () => decisions.map(({ client, model, operation }) => ({ client, model, operation })),
    clear: () => {
      decisions.length = 0;
    },
  };
}
