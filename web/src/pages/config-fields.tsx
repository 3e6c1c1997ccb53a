/**
 * Editing a runtime configuration tree field by field. Fields are named by their key path
 * (`notify.hook`), the name the YAML file and the MJ_* variables use too.
 */
import { useId } from 'react';
import type { ConfigSource, ConfigTree, ConfigValue } from '../api/types';
import { useI18n } from '../i18n';

const TRANSLATE_WAYS = ['none', 'baidu', 'deepl', 'gpt'];
/** Fields whose values come from a fixed list. */
const CHOICES: Record<string, string[]> = {
  'translate.way': TRANSLATE_WAYS,
  'translate.zhWay': TRANSLATE_WAYS,
  accountSelection: ['best-wait-idle', 'round-robin', 'random', 'weighted'],
  'images.store': ['none', 'local', 's3'],
};

export type Leaf = string | number | boolean | null | string[];
export type Draft = Record<string, Leaf>;

const isTree = (value: ConfigValue | undefined): value is ConfigTree => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every leaf under `prefix` as [path, value]. */
export function leavesOf(value: ConfigValue | undefined, prefix: string): [string, Leaf][] {
  if (!isTree(value)) return value === undefined ? [] : [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leavesOf(child, prefix ? `${prefix}.${key}` : key));
}

/** The changed leaves as a partial tree for PUT /admin/config. */
export function partialTree(changed: Draft): ConfigTree {
  const root: ConfigTree = {};
  for (const [path, value] of Object.entries(changed)) {
    const keys = path.split('.');
    const last = keys.pop() as string;
    let node = root;
    for (const key of keys) {
      const next = node[key];
      node = isTree(next) ? next : (node[key] = {});
    }
    node[last] = value;
  }
  return root;
}

export interface ConfigFieldProps {
  path: string;
  value: Leaf;
  source: ConfigSource | undefined;
  /** A change is kept at once but applies after a restart. */
  afterRestart: boolean;
  disabled: boolean;
  onChange(value: Leaf): void;
}

export function ConfigField({ path, value, source, afterRestart, disabled, onChange }: ConfigFieldProps) {
  const { t } = useI18n();
  const id = useId();
  const choices = CHOICES[path];
  let input;
  if (typeof value === 'boolean') {
    input = <input id={id} type="checkbox" checked={value} disabled={disabled} onChange={(event) => onChange(event.target.checked)} />;
  } else if (typeof value === 'number') {
    input = <input id={id} type="number" step="any" value={value} disabled={disabled} onChange={(event) => onChange(Number(event.target.value))} />;
  } else if (Array.isArray(value)) {
    input = <textarea id={id} rows={4} value={value.join('\n')} disabled={disabled} onChange={(event) => onChange(event.target.value.split('\n'))} />;
  } else if (choices) {
    input = (
      <select id={id} value={value ?? ''} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
        {choices.map((choice) => <option key={choice} value={choice}>{choice}</option>)}
      </select>
    );
  } else {
    input = <input id={id} value={value ?? ''} disabled={disabled} autoComplete="off" onChange={(event) => onChange(event.target.value)} />;
  }
  return (
    <div className="config-field">
      <label htmlFor={id}><code>{path}</code></label>
      {input}
      <span className="badges">
        {source && <span className={`badge source-${source}`} title={source}>{source}</span>}
        {afterRestart && <span className="badge after-restart">{t('appliesAfterRestart')}</span>}
      </span>
    </div>
  );
}
