/**
 * Settings › Sync: the schedule. Session holds the value Rust last reported; this saves
 * a new one, says how it went, and has the request budget re-read (its projection follows
 * the schedule).
 */
import { ipc, messageOf } from '../../lib/ipc';
import { session } from '../../stores/session.svelte';
import { spending } from '../../stores/spending.svelte';

/** The choices the menu offers, in minutes (0: only when asked). */
export const INTERVALS = [0, 5, 15, 30, 60, 120, 240, 720, 1440] as const;

export function describeInterval(minutes: number): string {
  if (minutes <= 0) return 'Manual only';
  if (minutes < 60) return `Every ${minutes} minutes`;
  if (minutes === 60) return 'Every hour';
  if (minutes % 60 === 0) return minutes === 1440 ? 'Once a day' : `Every ${minutes / 60} hours`;
  return `Every ${minutes} minutes`;
}

class ScheduleEditor {
  saving = $state(false);
  saved = $state(false);
  error = $state<string | null>(null);
  #timer: ReturnType<typeof setTimeout> | undefined;

  async save(intervalMinutes: number) {
    this.saving = true;
    this.saved = false;
    this.error = null;
    const previous = session.schedule;
    session.schedule = { intervalMinutes };
    try {
      await ipc.setSchedule({ intervalMinutes });
      this.saved = true;
      void spending.refresh();
      clearTimeout(this.#timer);
      this.#timer = setTimeout(() => (this.saved = false), 2500);
    } catch (error) {
      session.schedule = previous;
      this.error = messageOf(error);
    } finally {
      this.saving = false;
    }
  }
}

export const scheduleEditor = new ScheduleEditor();
