import { useId, type FormEvent, type ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { ErrorLine } from './ErrorLine';

/** A card that creates one thing: a form named by its heading, its fields, the submit button
 * (off while the mutation runs) and the mutation's error. */
export function CreateForm(props: { title: string; submitLabel: string; busy: boolean; error: CombinedError | undefined; onSubmit: () => Promise<void>; children: ReactNode }) {
  const headingId = useId();
  function submit(event: FormEvent) {
    event.preventDefault();
    void props.onSubmit();
  }
  return (
    <form className="card inline-form" onSubmit={submit} aria-labelledby={headingId}>
      <h2 id={headingId}>{props.title}</h2>
      {props.children}
      <button type="submit" disabled={props.busy}>
        {props.submitLabel}
      </button>
      <ErrorLine error={props.error} />
    </form>
  );
}
