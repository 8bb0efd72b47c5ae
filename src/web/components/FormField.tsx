import type { ReactNode } from 'react';

/** What a labelled control needs to be tied to its hint and its error (WCAG 1.3.1, 3.3.1). */
export interface ControlProps {
  id: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

/** A label, an optional hint, the control and the error under it, announced with the control. */
export function FormField({ id, label, hint, error, children, className }: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
  children: (props: ControlProps) => ReactNode;
}) {
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className ?? 'field'} data-field={id}>
      <label htmlFor={id}>{label}</label>
      {hint && <p className="field-hint" id={`${id}-hint`}>{hint}</p>}
      {children({ id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described })}
      {error && <p className="field-error" id={`${id}-error`} data-testid={`error-${id}`}>{error}</p>}
    </div>
  );
}
