/** Small form fields of the training settings: numbers commit on Enter or blur (one undo step per edit). */
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/index.ts';

export interface NumberFieldProps {
  label: string;
  value: number | null;
  onCommit(v: number | null): void;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Allows an empty field (null), shown with this placeholder. */
  emptyText?: string;
  help?: string;
  testId?: string;
  disabled?: boolean;
}

export function NumberField({ label, value, onCommit, min, max, integer, emptyText, help, testId, disabled }: NumberFieldProps) {
  const t = useT();
  const [text, setText] = useState(value === null ? '' : String(value));
  const [bad, setBad] = useState<string | null>(null);
  useEffect(() => { setText(value === null ? '' : String(value)); setBad(null); }, [value]);
  const commit = () => {
    const s = text.trim();
    if (s === '' && emptyText !== undefined) {
      setBad(null);
      if (value !== null) onCommit(null);
      return;
    }
    const v = Number(s);
    const problem = !Number.isFinite(v) ? t('train.field.number', { label })
      : integer && !Number.isInteger(v) ? t('train.field.integer', { label })
        : min !== undefined && v < min ? t('train.field.min', { label, min })
          : max !== undefined && v > max ? t('train.field.max', { label, max }) : null;
    setBad(problem);
    if (!problem && v !== value) onCommit(v);
  };
  return (
    <label className={`field${bad ? ' field--bad' : ''}`} title={bad ?? help}>
      <span className="field__label">{label}</span>
      <input
        data-testid={testId}
        type="text"
        inputMode="decimal"
        value={text}
        placeholder={emptyText}
        disabled={disabled}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => { if (e.key === 'Enter') (e.target as HTMLInputElement).blur(); if (e.key === 'Escape') { setText(value === null ? '' : String(value)); setBad(null); } }}
      />
    </label>
  );
}
