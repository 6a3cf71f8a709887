import type { ChangeEvent, ChangeKind } from '../bindings';
import { subscribe } from '../lib/ipc';
import { navigation } from '../lib/navigation.svelte';
import { toasts } from './toasts.svelte';

const WORDS: Record<ChangeKind, string> = {
  TaskAdded: 'New task',
  TaskCompleted: 'Task completed',
  TaskReopened: 'Task reopened',
  TaskDueChanged: 'Due date moved',
  TaskRemoved: 'Task removed',
};

export function describeChange(event: ChangeEvent): string {
  return WORDS[event.kind];
}

/** Change alerts: each task change a sync notices becomes a toast (the desktop
 * notification for watched contacts comes from Rust). */
class Alerts {
  start(): () => void {
    return subscribe('changesDetected', ({ events }) => {
      for (const event of events.slice(0, 3)) {
        toasts.show({
          kind: 'info',
          title: `${describeChange(event)} · ${event.contactName}`,
          body: event.detail ? `${event.title} (${event.detail})` : event.title,
          action: { label: 'Open', run: () => navigation.openContact(event.contactId) },
        });
      }
      if (events.length > 3) {
        toasts.show({
          kind: 'info',
          title: `${events.length - 3} more task changes`,
          action: { label: 'Activity', run: () => navigation.go('activity') },
        });
      }
    });
  }
}

export const alerts = new Alerts();
