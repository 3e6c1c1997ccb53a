/**
 * A strict parser of Prometheus' text exposition format (version 0.0.4), for checking /metrics as a
 * scraper would read it, and stricter than one: every sample needs its family's TYPE first; a family's
 * samples are contiguous; no series twice; HELP and label values use only the escapes the format has;
 * counters are not negative; a histogram's buckets rise in `le`, never fall in count, end at `+Inf`
 * equal to `_count`, and come with `_sum`. Any violation throws, naming the line.
 */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
export type Labels = Record<string, string>;

export interface Sample {
  /** The sample's own name (`x_bucket`, `x_sum` ...). */
  name: string;
  labels: Labels;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string | undefined;
  samples: Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: ReadonlySet<string> = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TIMESTAMP = /^-?\d+$/;
const SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: [''], gauge: [''], untyped: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'],
};

class ParseError extends Error {
  constructor(lineNo: number, line: string, why: string) {
    super(`line ${lineNo}: ${why}: ${JSON.stringify(line)}`);
  }
}

export function parseFloatValue(text: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!FLOAT.test(text)) throw new Error(`not a number: ${text}`);
  return Number(text);
}

/** Undoes the escapes `allowed` (\\ always, \n, \" for label values); any other backslash is an error. */
function unescape(text: string, allowQuote: boolean): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = text[i + 1];
    i += 1;
    if (next === '\\') out += '\\';
    else if (next === 'n') out += '\n';
    else if (next === '"' && allowQuote) out += '"';
    else throw new Error(`bad escape \\${next ?? ''}`);
  }
  return out;
}

/** `{a="x",b="y"}` at the start of `text`: the labels and the rest of the line. */
function readLabels(text: string): { labels: Labels; rest: string } {
  const labels: Labels = {};
  let i = 1;
  for (;;) {
    while (text[i] === ' ' || text[i] === '\t') i += 1;
    if (text[i] === '}') return { labels, rest: text.slice(i + 1) };
    const nameMatch = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(text.slice(i));
    if (!nameMatch) throw new Error('bad label name');
    const name = nameMatch[0];
    i += name.length;
    while (text[i] === ' ' || text[i] === '\t') i += 1;
    if (text[i] !== '=') throw new Error(`no = after label ${name}`);
    i += 1;
    while (text[i] === ' ' || text[i] === '\t') i += 1;
    if (text[i] !== '"') throw new Error(`label ${name} value is not quoted`);
    let end = i + 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    if (end >= text.length) throw new Error(`label ${name} value is not closed`);
    if (!LABEL_NAME.test(name) || name.startsWith('__')) throw new Error(`reserved or bad label name ${name}`);
    if (name in labels) throw new Error(`label ${name} twice`);
    labels[name] = unescape(text.slice(i + 1, end), true);
    i = end + 1;
    while (text[i] === ' ' || text[i] === '\t') i += 1;
    if (text[i] === ',') i += 1;
    else if (text[i] !== '}') throw new Error('labels not separated by a comma');
  }
}

function parseSample(line: string): Sample {
  const nameMatch = /^[^\s{]+/.exec(line);
  const name = nameMatch?.[0] ?? '';
  if (!METRIC_NAME.test(name)) throw new Error('bad metric name');
  let rest = line.slice(name.length);
  let labels: Labels = {};
  if (rest.startsWith('{')) ({ labels, rest } = readLabels(rest));
  if (!/^[ \t]/.test(rest)) throw new Error('no blank before the value');
  const [valueText, timestamp, ...extra] = rest.trim().split(/[ \t]+/);
  if (extra.length > 0) throw new Error('text after the timestamp');
  if (timestamp !== undefined && !TIMESTAMP.test(timestamp)) throw new Error('bad timestamp');
  return { name, labels, value: parseFloatValue(valueText ?? '') };
}

const seriesKey = (sample: Sample): string =>
  `${sample.name}{${Object.entries(sample.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;

export function parsePrometheusText(text: string): Map<string, Family> {
  if (text !== '' && !text.endsWith('\n')) throw new Error('the last line does not end with a line feed');
  const families = new Map<string, Family>();
  const typed = new Set<string>();
  const helped = new Set<string>();
  const closed = new Set<string>();
  const series = new Set<string>();
  let current: string | undefined;
  /** Metadata or a sample of `name` comes: the family before it is over for good. */
  const enter = (name: string): void => {
    if (current === name) return;
    if (closed.has(name) || (families.get(name)?.samples.length ?? 0) > 0) throw new Error(`${name} is not contiguous`);
    if (current !== undefined) closed.add(current);
    current = name;
  };
  text.split('\n').slice(0, -1).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    try {
      if (line.startsWith('#')) readMetadata(line);
      else readSample(line);
    } catch (error) {
      throw new ParseError(index + 1, raw, (error as Error).message);
    }
  });

  function readMetadata(line: string): void {
    const [, keyword, name = '', ...rest] = line.split(/[ \t]+/);
    if (keyword !== 'HELP' && keyword !== 'TYPE') return;
    if (!METRIC_NAME.test(name)) throw new Error('bad metric name');
    enter(name);
    const family = families.get(name) ?? { name, type: 'untyped', help: undefined, samples: [] };
    families.set(name, family);
    if (keyword === 'TYPE') {
      const type = rest.join(' ');
      if (rest.length !== 1 || !TYPES.has(type)) throw new Error(`bad type "${type}"`);
      if (typed.has(name)) throw new Error('TYPE twice');
      typed.add(name);
      family.type = type as MetricType;
    } else {
      if (helped.has(name)) throw new Error('HELP twice');
      helped.add(name);
      family.help = unescape(line.replace(/^#[ \t]+HELP[ \t]+\S+[ \t]?/, ''), false);
    }
  }

  function readSample(line: string): void {
    const sample = parseSample(line);
    const family = [...families.values()].find((candidate) => typed.has(candidate.name)
      && SUFFIXES[candidate.type].some((suffix) => `${candidate.name}${suffix}` === sample.name));
    if (family === undefined) throw new Error(`no TYPE for ${sample.name}`);
    if (current !== family.name) throw new Error(`${family.name} is not contiguous`);
    if (family.type === 'histogram' && sample.name.endsWith('_bucket') && sample.labels.le === undefined) throw new Error('a bucket without le');
    if (family.type === 'counter' && !(sample.value >= 0)) throw new Error('a counter below 0');
    const key = seriesKey(sample);
    if (series.has(key)) throw new Error('the same series twice');
    series.add(key);
    family.samples.push(sample);
  }

  for (const family of families.values()) {
    if (family.type === 'histogram') checkHistogram(family);
  }
  return families;
}

/** Per label set (le aside): rising le, non-decreasing counts, +Inf bucket = _count, a _sum. */
function checkHistogram(family: Family): void {
  const groups = new Map<string, { buckets: [number, number][]; sum?: number; count?: number }>();
  for (const sample of family.samples) {
    const { le, ...rest } = sample.labels;
    const key = seriesKey({ name: '', labels: rest, value: 0 });
    const group = groups.get(key) ?? { buckets: [] };
    groups.set(key, group);
    if (sample.name.endsWith('_bucket')) group.buckets.push([parseFloatValue(le ?? ''), sample.value]);
    else if (sample.name.endsWith('_sum')) group.sum = sample.value;
    else group.count = sample.value;
  }
  for (const [key, group] of groups) {
    const where = `${family.name}${key}`;
    if (group.sum === undefined || group.count === undefined) throw new Error(`${where}: _sum or _count missing`);
    for (let i = 1; i < group.buckets.length; i += 1) {
      const [le, count] = group.buckets[i] as [number, number];
      const [previousLe, previousCount] = group.buckets[i - 1] as [number, number];
      if (!(le > previousLe)) throw new Error(`${where}: le does not rise`);
      if (count < previousCount) throw new Error(`${where}: a bucket count falls`);
    }
    const last = group.buckets.at(-1);
    if (last?.[0] !== Infinity) throw new Error(`${where}: no +Inf bucket`);
    if (last[1] !== group.count) throw new Error(`${where}: +Inf bucket ${last[1]} is not _count ${group.count}`);
  }
}

/** The samples of `name` whose labels include every given one. */
export function samplesOf(families: Map<string, Family>, name: string, labels: Labels = {}): Sample[] {
  return [...families.values()].flatMap((family) => family.samples)
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

/** The sum of the matching samples (0 when there are none). */
export function valueOf(families: Map<string, Family>, name: string, labels: Labels = {}): number {
  return samplesOf(families, name, labels).reduce((sum, sample) => sum + sample.value, 0);
}
