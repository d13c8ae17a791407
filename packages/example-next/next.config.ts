import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

const config: NextConfig = {
  // A pnpm workspace: the lockfile and the linked @userbridge/* packages live at the repository root.
  turbopack: { root: repoRoot },
  outputFileTracingRoot: repoRoot,
  // The generated Prisma clients (@userbridge/clients/<schema>) stay plain Node imports (their runtime loads a wasm query compiler). The routing and
  // session packages are bundled, so Next may instantiate them more than once: see README.
  serverExternalPackages: ["@userbridge/clients"],
};

export default config;
