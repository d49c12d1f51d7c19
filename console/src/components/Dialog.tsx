import { useEffect, useRef, type ReactNode } from 'react';

/** A modal dialog on the native <dialog> element: focus is trapped and Escape closes it. */
export function Dialog({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const id = `dialog-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    // The close event comes a task after close(): one from an unmount that was followed at once by
    // a remount (the dialog open again by then) is stale, and must not close the new one.
    <dialog ref={ref} aria-labelledby={id} onClose={() => !ref.current?.open && onClose()} className="dialog">
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  );
}
