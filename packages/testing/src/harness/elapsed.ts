/** "1.2 s" since `since` (a performance.now() reading), for the setup's progress lines. */
export function seconds(since: number): string {
  return `${((performance.now() - since) / 1000).toFixed(1)} s`;
}
