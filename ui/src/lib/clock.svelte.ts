/**
 * The time, re-read every 30 s while the calling component is mounted, so relative times
 * ("5 min ago") stay true. Call it while a component initialises.
 */
export function ticking(): { readonly now: Date } {
  let now = $state(new Date());
  $effect(() => {
    const timer = setInterval(() => (now = new Date()), 30_000);
    return () => clearInterval(timer);
  });
  return {
    get now() {
      return now;
    },
  };
}
