/** Task ids: epoch milliseconds + 3 random digits (16 digits), unique within the process. */
const RANDOM_DIGITS = 1000;
let lastId = 0n;

export function newTaskId(now: number = Date.now()): string {
  let id = BigInt(now) * BigInt(RANDOM_DIGITS) + BigInt(Math.floor(Math.random() * RANDOM_DIGITS));
  if (id <= lastId) id = lastId + 1n;
  lastId = id;
  return id.toString();
}
