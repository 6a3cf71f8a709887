import { messageOf } from './ipc';
import { toasts } from '../stores/toasts.svelte';

/**
 * Runs an export whose save dialog Rust shows, then says where the file went or why it
 * failed; a cancelled dialog (a null path) says nothing. `busy` hears when it starts and
 * ends. Answers the path, if any.
 */
export async function saveExport(
  save: () => Promise<string | null>,
  titles: { saved: string; failed: string },
  busy: (exporting: boolean) => void = () => undefined,
): Promise<string | null> {
  busy(true);
  try {
    const path = await save();
    if (path !== null) toasts.show({ kind: 'success', title: titles.saved, body: path });
    return path;
  } catch (error) {
    toasts.show({ kind: 'error', title: titles.failed, body: messageOf(error) });
    return null;
  } finally {
    busy(false);
  }
}
