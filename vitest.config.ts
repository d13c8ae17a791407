import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources in tests (no build needed).
const resolve = { conditions: ["@userbridge/source"] };

export default defineConfig({
  test: {
    projects: [
      {
        resolve,
        ssr: { resolve: { conditions: ["@userbridge/source"] } },
        test: {
          name: "unit",
          include: ["packages/*/src/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts"],
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
        test: {
          name: "integration",
          include: [
            "packages/*/src/**/*.int.test.ts",
            "packages/example-next/test/**/*.int.test.ts",
            "scripts/**/*.int.test.ts",
            "test/**/*.int.test.ts",
          ],
          globalSetup: ["test/global-setup.ts"],
          // Fault tests stop and start the shared servers (test/databases.ts): files run one at a time
          // so no other file sees those outages. Each file still gets its own databases.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
