/** A modal dialog on the native <dialog> element: focus trapped, Escape closes, named by its title. */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';

export interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  wide?: boolean;
}

export function Dialog({ title, onClose, children, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useI18n();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className={wide ? 'dialog wide' : 'dialog'} aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}>
      <header className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon" aria-label={t('close')} onClick={onClose}>×</button>
      </header>
      {children}
    </dialog>
  );
}

/** Asks before a change that cannot be undone. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose }: {
  title: string; message: string; confirmLabel: string; onConfirm(): void; onClose(): void;
}) {
  const { t } = useI18n();
  return (
    <Dialog title={title} onClose={onClose}>
      <p>{message}</p>
      <div className="actions">
        <button type="button" className="danger" onClick={onConfirm}>{confirmLabel}</button>
        <button type="button" onClick={onClose}>{t('cancel')}</button>
      </div>
    </Dialog>
  );
}
