/**
 * Reads `iterable` into `into` until it ends or throws; resolves with what it threw (undefined
 * when it ended), so a test can check both the values read before a failure and the failure.
 */
export async function readUntilError<T>(iterable: AsyncIterable<T>, into: T[]): Promise<unknown> {
  try {
    for await (const value of iterable) into.push(value);
  } catch (error) {
    return error;
  }
  return undefined;
}
