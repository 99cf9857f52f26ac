/** SWR's timestamp form: UTC with microseconds, e.g. `2024-05-01T10:11:12.123456Z`. */
export function timestamp(ms: number, micros: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(6, "0")}Z`;
}
