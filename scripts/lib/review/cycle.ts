/** UPR cycles: sessions 1–12 → 1, 13–26 → 2, 27–40 → 3, 41–54 → 4, then 14 sessions a cycle. */
export function deriveCycle(session: number): number {
  return session <= 12 ? 1 : Math.floor((session - 13) / 14) + 2;
}
