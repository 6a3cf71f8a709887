/** Short messages in the corner: results of actions, change alerts, failures. */

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  title: string;
  body?: string;
  action?: { label: string; run: () => void };
}

const LIFETIME_MS = { info: 6000, success: 4000, error: 9000 } as const;

class Toasts {
  items = $state<Toast[]>([]);
  #next = 1;

  show(toast: Omit<Toast, 'id'>) {
    const id = this.#next++;
    this.items = [...this.items.slice(-4), { ...toast, id }];
    setTimeout(() => this.dismiss(id), LIFETIME_MS[toast.kind]);
    return id;
  }

  dismiss(id: number) {
    this.items = this.items.filter((toast) => toast.id !== id);
  }
}

export const toasts = new Toasts();
