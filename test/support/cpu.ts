// The calling thread's own CPU time for a piece of work: on a shared machine wall time also
// counts the moments the thread waited for a core, which no code of ours can shorten.

/** Main-thread CPU milliseconds spent until `call` settles, with its value. */
export async function threadCpuMs<T>(call: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const before = process.threadCpuUsage();
  const value = await call();
  const used = process.threadCpuUsage(before);
  return { value, ms: (used.user + used.system) / 1000 };
}
