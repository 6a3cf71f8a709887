import { ipc } from '../lib/ipc';
import { Loader } from './loader.svelte';

/** Settings › About: the live probes from Rust, re-run on demand. */
export const diagnostics = new Loader(() => ipc.getDiagnostics());
