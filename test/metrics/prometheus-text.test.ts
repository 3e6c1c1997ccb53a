/** The strict exposition parser the metrics tests read /metrics with: it must refuse what a scraper would. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrometheusText, valueOf } from './prometheus-text.js';

const VALID = [
  '# HELP a_total Things, with a \\\\ backslash and a \\n line feed.',
  '# TYPE a_total counter',
  'a_total{kind="x \\"quoted\\" \\\\ \\n",other="y"} 3',
  'a_total{kind="z",} 1 1712345678901',
  '',
  '# TYPE h_seconds histogram',
  'h_seconds_bucket{le="0.5"} 1',
  'h_seconds_bucket{le="1"} 2',
  'h_seconds_bucket{le="+Inf"} 2',
  'h_seconds_sum 1.25',
  'h_seconds_count 2',
  '# a comment',
  '# TYPE g gauge',
  'g NaN',
  'g{x="1"} -Inf',
  'g{x="2"} 1e-7',
  '',
].join('\n');

test('a valid exposition parses with its help, escapes, labels and values', () => {
  const families = parsePrometheusText(VALID);
  assert.equal(families.get('a_total')?.help, 'Things, with a \\ backslash and a \n line feed.');
  assert.equal(valueOf(families, 'a_total', { kind: 'x "quoted" \\ \n' }), 3);
  assert.equal(valueOf(families, 'a_total'), 4);
  assert.equal(families.get('h_seconds')?.type, 'histogram');
  assert.equal(valueOf(families, 'h_seconds_count'), 2);
  assert.ok(Number.isNaN(valueOf(families, 'g', {})));
  assert.equal(valueOf(families, 'g', { x: '2' }), 1e-7);
});

const BROKEN: [string, string][] = [
  ['no final line feed', '# TYPE a counter\na 1'],
  ['a sample without TYPE', 'a 1\n'],
  ['TYPE twice', '# TYPE a counter\n# TYPE a counter\na 1\n'],
  ['HELP twice', '# HELP a x\n# HELP a y\n# TYPE a counter\n'],
  ['an unknown type', '# TYPE a countr\n'],
  ['a family split in two', '# TYPE a counter\na{x="1"} 1\n# TYPE b gauge\nb 1\na{x="2"} 1\n'],
  ['the same series twice', '# TYPE a counter\na{x="1"} 1\na{x="1"} 2\n'],
  ['a bad escape in a label value', '# TYPE a counter\na{x="\\t"} 1\n'],
  ['an unquoted label value', '# TYPE a counter\na{x=1} 1\n'],
  ['an unclosed label value', '# TYPE a counter\na{x="1} 1\n'],
  ['a reserved label name', '# TYPE a counter\na{__x="1"} 1\n'],
  ['a label twice', '# TYPE a counter\na{x="1",x="2"} 1\n'],
  ['NaN misspelt', '# TYPE a gauge\na Nan\n'],
  ['a bad value', '# TYPE a gauge\na 1,5\n'],
  ['a negative counter', '# TYPE a counter\na -1\n'],
  ['a bad metric name', '# TYPE 1a gauge\n'],
  ['a bucket without le', '# TYPE h histogram\nh_bucket 1\nh_sum 1\nh_count 1\n'],
  ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n'],
  ['+Inf that is not _count', '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n'],
  ['a falling bucket', '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n'],
  ['le not rising', '# TYPE h histogram\nh_bucket{le="2"} 1\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n'],
  ['a histogram without _sum', '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n'],
];

for (const [name, text] of BROKEN) {
  test(`refused: ${name}`, () => {
    assert.throws(() => parsePrometheusText(text));
  });
}
