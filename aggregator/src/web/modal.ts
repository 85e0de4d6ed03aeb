// A real confirmation dialog (HTMLDialogElement, modal: the page behind cannot be clicked) instead
// of window.confirm: it names what will happen, can ask for a reason, and answers null on 取消 / Esc.
import { h } from './dom';

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  /** Ask for a reason (required, shown to whoever the action answers). */
  reason?: { label: string; placeholder?: string };
  danger?: boolean;
}

/** Resolves with the reason ('' when none was asked) once confirmed, or null when cancelled. */
export function confirmDialog(options: ConfirmOptions): Promise<string | null> {
  return new Promise((resolve) => {
    const reason = options.reason ? h('textarea', { id: 'modal-reason', rows: 3, maxlength: 2000, placeholder: options.reason.placeholder ?? '' }) : null;
    const error = h('div', { class: 'modal-error', id: 'modal-error', role: 'alert' });
    const ok = h('button', { type: 'button', id: 'modal-confirm', class: options.danger ? 'danger' : '' }, options.confirmLabel);
    const cancel = h('button', { type: 'button', id: 'modal-cancel', class: 'secondary' }, '取消');
    const dialog = h('dialog', { class: 'modal', id: 'confirm-dialog', 'aria-labelledby': 'modal-title' },
      h('h3', { id: 'modal-title' }, options.title),
      h('p', {}, options.message),
      reason ? h('label', { for: 'modal-reason' }, options.reason!.label) : null,
      reason,
      error,
      h('div', { class: 'modal-actions' }, cancel, ok));
    const close = (answer: string | null) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    ok.addEventListener('click', () => {
      const text = reason?.value.trim() ?? '';
      if (reason && !text) {
        error.textContent = `请填写${options.reason!.label}。`;
        reason.focus();
        return;
      }
      close(text);
    });
    cancel.addEventListener('click', () => close(null));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      close(null);
    });
    document.body.append(dialog);
    dialog.showModal();
    (reason ?? ok).focus();
  });
}
