/** One sample of the Prometheus text exposition format: a series name, its labels and its value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE_LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/**
 * The samples of the families named, read from Prometheus text format (comments and other families
 * skipped; a family's `_bucket`, `_sum` and `_count` series count as the family's). Just enough of the
 * format for the few families the console shows, not a general parser.
 */
export function samplesOf(text: string, families: readonly string[]): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = SAMPLE_LINE.exec(line.trim());
    if (!match) continue;
    const [, name = '', labelText = '', valueText = ''] = match;
    if (!families.some((family) => name === family || isSeriesOf(name, family))) continue;
    samples.push({ name, labels: labelsOf(labelText), value: sampleValue(valueText) });
  }
  return samples;
}

function isSeriesOf(name: string, family: string): boolean {
  return ['_bucket', '_sum', '_count'].some((suffix) => name === family + suffix);
}

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name = '', value = ''] of text.matchAll(LABEL)) labels[name] = unescapeLabel(value);
  return labels;
}

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
}

function sampleValue(text: string): number {
  if (text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}
