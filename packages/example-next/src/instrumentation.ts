// Next calls register() once when the server starts (`next start`, `next dev`), before any request.
export async function register(): Promise<void> {
  // Next inlines NEXT_RUNTIME, so its edge build drops this branch (site.ts is Node-only).
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startSite } = await import("./lib/site");
    startSite();
  }
}
