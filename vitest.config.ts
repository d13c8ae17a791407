import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources in tests (no build needed).
const resolve = { conditions: ["@userbridge/source"] };
// Vitest loads globalSetup in its own "__vitest__" environment, which needs the condition too.
const environments = { __vitest__: { resolve } };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr: { resolve: { conditions: ["@userbridge/source"] } },
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "scripts/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
          typecheck: {
            enabled: true,
            include: ["packages/*/src/**/*.test-d.ts"],
            tsconfig: "./tsconfig.json",
          },
        },
      },
      {
        resolve,
        ssr: { resolve: { conditions: ["@userbridge/source"] } },
        environments,
        test: {
          name: "integration",
          include: [
            "packages/*/src/**/*.int.test.ts",
            "packages/example-next/test/**/*.int.test.ts",
            "scripts/**/*.int.test.ts",
          ],
          globalSetup: ["packages/testing/src/global-setup.ts"],
          // Fault tests stop and start the shared servers (packages/testing/src/databases.ts): files run one at a time
          // so no other file sees those outages. Each file still gets its own databases.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
