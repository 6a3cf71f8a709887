/** `run`, called once `ms` after the last of a burst of calls, with that call's arguments. */
export function debounced<A extends unknown[]>(run: (...args: A) => void, ms: number): ((...args: A) => void) & { cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => run(...args), ms);
  };
  return Object.assign(call, { cancel: () => clearTimeout(timer) });
}
