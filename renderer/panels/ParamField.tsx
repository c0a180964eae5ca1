/**
 * One typed inspector field, driven by its ParamSpec: a select for choices, a checkbox for booleans, a text field
 * for numbers, pairs and lists (with the allowed range), an "auto" toggle where the value can be inferred.
 * Problems show while typing; a valid value is applied on Enter or when the field loses focus.
 */
import { useEffect, useState } from 'react';
import type { ParamSpec } from '../../core/graph/catalogue/index.ts';
import type { ParamValue } from '../../core/graph/types.ts';
import { useT } from '../i18n/index.ts';
import { formatParam, parseParam, rangeHint, tupleSize } from './param-input.ts';

export interface ParamFieldProps {
  spec: ParamSpec;
  value: ParamValue | undefined;
  /** The inferred value when the parameter is "auto". */
  resolved?: ParamValue;
  /** Validation messages about this parameter from the graph analysis. */
  problems: string[];
  onChange(value: ParamValue): void;
}

export function ParamField({ spec, value, resolved, problems, onChange }: ParamFieldProps) {
  const t = useT();
  const [text, setText] = useState(formatParam(value));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setText(formatParam(value));
    setError(null);
  }, [value]);
  const id = `param-${spec.name}`;
  const isAuto = value === 'auto';

  const commit = () => {
    if (text === formatParam(value)) return;
    const r = parseParam(spec, text);
    if ('error' in r) setError(r.error);
    else onChange(r.value);
  };

  let control;
  if (spec.type === 'bool') {
    control = <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} data-testid={id} />;
  } else if (spec.type === 'enum') {
    control = (
      <select id={id} value={String(value)} onChange={(e) => onChange(e.target.value)} data-testid={id}>
        {spec.options!.map((o) => <option key={o} value={o}>{o}</option>)}
      </select>
    );
  } else if (isAuto) {
    control = <input id={id} type="text" readOnly value={resolved !== undefined && resolved !== 'auto' ? t('inspector.autoValue', { value: formatParam(resolved) }) : t('inspector.auto')} className="is-auto" data-testid={id} />;
  } else {
    control = (
      <input id={id} type="text" value={text} spellCheck={false} data-testid={id}
        inputMode={spec.type === 'int' || spec.type === 'float' ? 'decimal' : undefined}
        placeholder={tupleSize(spec) === 2 ? t('inspector.pair') : tupleSize(spec) === 3 ? t('inspector.triple') : spec.type === 'ints' ? t('inspector.list') : spec.nullable ? t('inspector.none') : ''}
        aria-invalid={error !== null}
        onChange={(e) => {
          setText(e.target.value);
          const r = parseParam(spec, e.target.value);
          setError('error' in r ? r.error : null);
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') { setText(formatParam(value)); setError(null); }
        }} />
    );
  }
  const hint = rangeHint(spec);
  return (
    <div className={`field${error || problems.length ? ' has-error' : ''}`} data-param={spec.name}>
      <label htmlFor={id} title={spec.help}>{spec.name}</label>
      <div className="field__control">
        {control}
        {spec.auto && (
          <label className="field__auto" title={spec.help}>
            <input type="checkbox" checked={isAuto} data-testid={`${id}-auto`}
              onChange={(e) => onChange(e.target.checked ? 'auto' : (typeof resolved === 'number' ? resolved : (spec.min ?? 1)))} />
            {t('inspector.auto')}
          </label>
        )}
      </div>
      <div className="field__help">{spec.help}{hint && <span className="muted"> ({hint})</span>}</div>
      {error && <div className="field__error" role="alert" data-testid="field-error">{spec.name} {error}</div>}
      {problems.map((p, i) => <div key={i} className="field__error">{p}</div>)}
    </div>
  );
}
