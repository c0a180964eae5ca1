/** Rename field: checks Python-identifier rules and uniqueness while typing, applies on Enter or blur. */
import { useEffect, useState } from 'react';
import { nameProblem } from '../../core/graph/names.ts';
import { useT } from '../i18n/index.ts';

export interface NameFieldProps {
  id: string;
  value: string;
  taken: ReadonlySet<string>;
  onRename(name: string): void;
}

export function NameField({ id, value, taken, onRename }: NameFieldProps) {
  const t = useT();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const problem = text === value ? null : nameProblem(text) ?? (taken.has(text) ? `'${text}' is already used by another node or block` : null);
  const commit = () => {
    if (text !== value && !problem) onRename(text);
  };
  return (
    <div className={`field${problem ? ' has-error' : ''}`}>
      <label htmlFor={`name-${id}`}>{t('inspector.name')}</label>
      <div className="field__control">
        <input id={`name-${id}`} data-testid="inspector-name" value={text} spellCheck={false} aria-invalid={problem !== null}
          onChange={(e) => setText(e.target.value)} onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
            if (e.key === 'Escape') setText(value);
          }} />
      </div>
      {problem && <div className="field__error" role="alert" data-testid="name-error">{problem}</div>}
    </div>
  );
}
