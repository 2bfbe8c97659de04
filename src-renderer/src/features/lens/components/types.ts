// Shapes shared by the lens components.
export interface MetricLine {
  label: string;
  points: { step: number; value: number }[];
}
