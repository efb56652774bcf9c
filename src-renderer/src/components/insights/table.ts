// The rows of an Insights table: text already formatted in the agent's locale.
export interface InsightColumn {
  label: string;
  /** Right-aligned, tabular figures. */
  num?: boolean;
}
/** A cell's text; `neg` marks a negative amount. */
export type InsightCell = string | { text: string; neg?: boolean };
export interface InsightRow {
  key: string;
  cells: InsightCell[];
}
